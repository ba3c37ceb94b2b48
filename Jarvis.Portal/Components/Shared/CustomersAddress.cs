namespace Jarvis.Portal.Components.Shared;

/// <summary>
/// The customers list's address (search, page and order) as last shown in this circuit, so that the customer page's
/// "Customers" breadcrumb goes back to the same list. Scoped: one per circuit; a fresh page load starts at the plain list.
/// </summary>
public sealed class CustomersAddress
{
    public const string Default = "customers";

    /// <summary>Relative to the base address, e.g. <c>customers?q=rapi&amp;page=2</c>.</summary>
    public string Current { get; set; } = Default;
}
