using System.Xml.Linq;
using Jarvis.Core.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Jarvis.Portal.Operations;

/// <summary>The data-protection key ring in the Jarvis database (JARVIS_DATA_PROTECTION_KEY), shared by every portal process.</summary>
public sealed class DatabaseXmlRepository(DataProtectionKeyStore store) : IXmlRepository
{
    // Data protection calls these synchronously, rarely (at startup and when the key ring is refreshed, about once a day);
    // ASP.NET Core has no synchronization context to deadlock on.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.GetAllAsync().GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
