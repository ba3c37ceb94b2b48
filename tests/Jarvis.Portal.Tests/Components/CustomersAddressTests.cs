using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Shared;

namespace Jarvis.Portal.Tests.Components;

public sealed class CustomersAddressTests
{
    [Theory]
    [InlineData("customers", "", 1, CustomerSort.NameAscending)]
    [InlineData("customers?q=rapi", "rapi", 1, CustomerSort.NameAscending)]
    [InlineData("customers?q=rapi&page=2", "rapi", 2, CustomerSort.NameAscending)]
    [InlineData("customers?page=3&sort=name_desc", "", 3, CustomerSort.NameDescending)]
    [InlineData("customers?q=inc&sort=reference", "inc", 1, CustomerSort.ReferenceAscending)]
    [InlineData("customers?q=0800%20555-132&page=12&sort=reference_desc", "0800 555-132", 12, CustomerSort.ReferenceDescending)]
    [InlineData("customers?q=M%C3%BCller%20%26%20S%C3%B6hne", "Müller & Söhne", 1, CustomerSort.NameAscending)]
    public void ParseThenToUri_RoundTrips(string uri, string term, int page, CustomerSort sort)
    {
        var address = CustomersAddress.Parse(uri);

        Assert.Equal(new CustomersAddress(term, page, sort), address);
        Assert.Equal(uri, address.ToUri());
        Assert.Equal(address, CustomersAddress.Parse(address.ToUri()));
    }

    [Fact]
    public void Parse_AbsoluteAddressWithFragment_ReadsOnlyTheQuery()
    {
        Assert.Equal(new CustomersAddress("kiwi", 2), CustomersAddress.Parse("https://portal.example/jarvis/customers?q=kiwi&page=2#top"));
    }

    [Theory]
    [InlineData("customers?page=abc")]
    [InlineData("customers?page=-1")]
    [InlineData("customers?page=0")]
    [InlineData("customers?page=1")]
    [InlineData("customers?page=99999999999999999999")]
    [InlineData("customers?sort=price")]
    [InlineData("customers?sort=NAME_DESC")]
    [InlineData("customers?sort=")]
    [InlineData("customers?q=")]
    [InlineData("customers?")]
    public void Parse_ValuesTheAddressCannotMean_AreTheDefaults(string uri)
    {
        var address = CustomersAddress.Parse(uri);

        Assert.Equal(CustomersAddress.Default, address);
        Assert.Equal("customers", address.ToUri());
    }

    [Fact]
    public void Parse_BadPageBesideAGoodTermAndSort_KeepsThem()
    {
        Assert.Equal(new CustomersAddress("rapi", 1, CustomerSort.ReferenceAscending), CustomersAddress.Parse("customers?q=rapi&page=abc&sort=reference"));
    }
}
