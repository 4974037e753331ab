using System.Xml.Linq;
using Assay.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Assay.Server.Operations;

/// <summary>ASP.NET Core's data-protection key ring, kept in Assay's database so that every node reads the same keys.</summary>
/// <remarks>
/// A cookie or antiforgery token protected on one node is then readable on any other, and after a restart. The keys are
/// stored as ASP.NET Core writes them (not encrypted again): whoever can read the database can forge a UI session, which
/// grants no more than that database access already does (see docs/SECURITY.md).
/// </remarks>
internal sealed class KeyRingRepository(IHostStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => store.ReadKeyRing().Select(xml => XElement.Parse(xml)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddToKeyRing(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
