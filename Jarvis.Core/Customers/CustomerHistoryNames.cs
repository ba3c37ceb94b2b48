namespace Jarvis.Core.Customers;

/// <summary>The names the API and the history table use for fields and channels.</summary>
public static class CustomerHistoryNames
{
    public const string ReferenceField = "customer_reference";
    public const string DescriptionField = "description";

    public static string Of(CustomerField field) => field switch
    {
        CustomerField.Reference => ReferenceField,
        CustomerField.Description => DescriptionField,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Only the reference and the description have a history."),
    };

    public static string Of(ChangeChannel channel) => channel switch
    {
        ChangeChannel.Api => "api",
        ChangeChannel.Portal => "portal",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    internal static CustomerField FieldNamed(string name) => name switch
    {
        ReferenceField => CustomerField.Reference,
        DescriptionField => CustomerField.Description,
        _ => throw new InvalidOperationException($"Unknown field '{name}' in JARVIS_CUSTOMER_HISTORY."),
    };

    internal static ChangeChannel ChannelNamed(string name) => name switch
    {
        "api" => ChangeChannel.Api,
        "portal" => ChangeChannel.Portal,
        _ => throw new InvalidOperationException($"Unknown channel '{name}' in JARVIS_CUSTOMER_HISTORY."),
    };
}
