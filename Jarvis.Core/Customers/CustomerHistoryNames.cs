namespace Jarvis.Core.Customers;

/// <summary>The names the API and the history table use for fields and channels.</summary>
public static class CustomerHistoryNames
{
    public static string Of(CustomerField field) => field switch
    {
        CustomerField.Name => CustomerRules.Name.Key,
        CustomerField.Reference => CustomerRules.Reference.Key,
        CustomerField.Description => CustomerRules.Description.Key,
        CustomerField.Parent => CustomerRules.ParentKey,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "A history row names a field."),
    };

    public static string Of(ChangeChannel channel) => channel switch
    {
        ChangeChannel.Api => "api",
        ChangeChannel.Portal => "portal",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    private static readonly CustomerField[] Fields = [CustomerField.Name, CustomerField.Reference, CustomerField.Description, CustomerField.Parent];

    internal static CustomerField FieldNamed(string name) =>
        Array.Find(Fields, f => Of(f) == name) is var field and not CustomerField.None
            ? field
            : throw new InvalidOperationException($"Unknown field '{name}' in JARVIS_CUSTOMER_HISTORY.");

    internal static ChangeChannel ChannelNamed(string name) => name switch
    {
        "api" => ChangeChannel.Api,
        "portal" => ChangeChannel.Portal,
        _ => throw new InvalidOperationException($"Unknown channel '{name}' in JARVIS_CUSTOMER_HISTORY."),
    };
}
