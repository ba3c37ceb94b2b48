using Jarvis.Core.Customers;
using Microsoft.AspNetCore.WebUtilities;

namespace Jarvis.Portal.Components.Shared;

/// <summary>
/// The customers list's address: search term (<c>q</c>), 1-based page (<c>page</c>) and order
/// (<c>sort=name_desc|reference|reference_desc</c>). Anything the address cannot mean (a page that is not a positive
/// number, an unknown order) reads as the default; defaults are left out of <see cref="ToUri"/>.
/// </summary>
public sealed record CustomersAddress(string Term = "", int Page = 1, CustomerSort Sort = CustomerSort.NameAscending)
{
    public static CustomersAddress Default { get; } = new();

    /// <summary>The address of <paramref name="uri"/> (absolute or relative; only its query counts).</summary>
    public static CustomersAddress Parse(string uri)
    {
        var query = uri.Split('#')[0];
        var start = query.IndexOf('?');
        var values = QueryHelpers.ParseQuery(start < 0 ? "" : query[start..]);
        return From(values.GetValueOrDefault("q").FirstOrDefault(), values.GetValueOrDefault("page").FirstOrDefault(),
            values.GetValueOrDefault("sort").FirstOrDefault());
    }

    /// <summary>The address from its three query values as the page receives them.</summary>
    public static CustomersAddress From(string? term, string? page, string? sort) => new(
        term ?? "",
        int.TryParse(page, out var number) && number > 1 ? number : 1,
        sort switch
        {
            "name_desc" => CustomerSort.NameDescending,
            "reference" => CustomerSort.ReferenceAscending,
            "reference_desc" => CustomerSort.ReferenceDescending,
            _ => CustomerSort.NameAscending,
        });

    /// <summary>The order's value in the address; null for the default (name, A to Z).</summary>
    public string? SortValue => Sort switch
    {
        CustomerSort.NameDescending => "name_desc",
        CustomerSort.ReferenceAscending => "reference",
        CustomerSort.ReferenceDescending => "reference_desc",
        _ => null,
    };

    /// <summary>Relative to the base address, e.g. <c>customers?q=rapi&amp;page=2</c>.</summary>
    public string ToUri()
    {
        var query = new List<string>(3);
        if (Term.Length > 0)
        {
            query.Add("q=" + Uri.EscapeDataString(Term));
        }

        if (Page > 1)
        {
            query.Add($"page={Page}");
        }

        if (SortValue is { } sort)
        {
            query.Add("sort=" + sort);
        }

        return query.Count == 0 ? "customers" : "customers?" + string.Join('&', query);
    }

    /// <summary>The list's address as last shown in this circuit (scoped), for the customer page's "Customers" link.</summary>
    public sealed class LastShown
    {
        public CustomersAddress Value { get; set; } = Default;
    }
}
