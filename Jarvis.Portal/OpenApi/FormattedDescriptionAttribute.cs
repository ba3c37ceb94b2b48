using System.ComponentModel;
using System.Globalization;

namespace Jarvis.Portal.OpenApi;

/// <summary>A description that cites numeric constants (limits), which a plain <see cref="DescriptionAttribute"/> cannot interpolate.</summary>
[AttributeUsage(AttributeTargets.All)]
public sealed class FormattedDescriptionAttribute(string format, params object[] args)
    : DescriptionAttribute(string.Format(CultureInfo.InvariantCulture, format, args));
