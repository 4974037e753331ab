namespace Assay.Server.Ui;

/// <summary>A page that only says something: why a request could not be served, and where to go instead.</summary>
internal static class MessagePage
{
    /// <param name="text">Plain text; encoded.</param>
    public static string Render(PageFrame frame, string title, string text)
    {
        var html = new HtmlBuilder(4 * 1024);
        Layout.Begin(html, title, frame);
        html.Raw("<h1>").Text(title).Raw("</h1><p id=\"message\">").Text(text).Raw("</p><p><a href=\"/ui/review\">Next task</a> · <a href=\"/ui/\">Back to the queue</a></p>");
        Layout.End(html);
        return html.ToString();
    }
}
