namespace Assay.Server.Ui;

/// <summary>The sign-in page: paste an API key of a reviewer, lead or admin.</summary>
internal static class SignInPage
{
    public static string Render(PageFrame frame, string? error = null)
    {
        var html = new HtmlBuilder(4 * 1024);
        Layout.Begin(html, "Sign in", frame);
        html.Raw("<h1>Sign in</h1>");
        ReviewPage.Messages(html, null, error);
        html.Raw("<form method=\"post\" action=\"/ui/signin\">");
        Layout.AntiforgeryField(html, frame);
        html.Raw("<p><label for=\"key\">API key</label><br><input type=\"password\" name=\"key\" id=\"key\" size=\"70\" autocomplete=\"off\" required autofocus></p>")
            .Raw("<p><button type=\"submit\">Sign in</button></p></form>")
            .Raw("<p>Use a reviewer, lead or admin key (<code>assay keys create</code>, or the keys <code>assay demo</code> prints). ")
            .Raw("The key is checked once; the browser then keeps a session cookie.</p>");
        Layout.End(html);
        return html.ToString();
    }
}
