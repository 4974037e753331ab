namespace Assay.Server.Ui;

/// <summary>The page shell shared by every UI page: head with the nonce'd style, navigation, sign-out form.</summary>
internal static class Layout
{
    // Visible focus and enough contrast for marks; no external fonts or images (the CSP forbids them).
    private const string Style = """
        body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
        header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.5rem 1rem;background:#1f3a5f;color:#fff}
        header a{color:#fff}header nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
        header form{margin-left:auto}main{max-width:72rem;margin:0 auto;padding:1rem}
        :focus-visible{outline:3px solid #d97706;outline-offset:2px}
        pre.text{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #ccc;padding:.5rem;font:14px/1.45 ui-monospace,monospace}
        mark{background:#ffe08a;border-bottom:2px solid #b45309}
        table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
        .button,button{display:inline-block;padding:.4rem .9rem;background:#1f3a5f;color:#fff;border:0;border-radius:4px;text-decoration:none;font:inherit;cursor:pointer}
        header button{background:#fff;color:#1f3a5f}
        .unreliable{color:#9b1c1c;font-weight:bold}.reliable{color:#166534}.insufficient{color:#92400e}
        .status{padding:.5rem;border-left:4px solid #1f3a5f;background:#eef}.error{padding:.5rem;border-left:4px solid #9b1c1c;background:#fee}
        .columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
        fieldset{border:1px solid #bbb;margin:.5rem 0}kbd{border:1px solid #999;border-radius:3px;padding:0 .25rem;background:#fff}
        .chart{margin:0 0 1.5rem}.chart svg{width:100%;height:auto;display:block}.chart figcaption{font-size:.85rem;color:#444;max-width:45rem}
        form.filters .field{display:inline-block;margin:0 .75rem .25rem 0}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem}dl.facts dd{margin:0}
        """;

    public static void Begin(HtmlBuilder html, string title, PageFrame frame)
    {
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Text(title).Raw(" · Assay</title><style").Attribute("nonce", frame.Nonce).Raw(">").Raw(Style).Raw("</style></head><body><header><strong>Assay</strong>");
        if (frame.User is not null)
        {
            html.Raw("<nav aria-label=\"Main\"><ul><li><a href=\"/ui/\">Queue</a></li><li><a href=\"/ui/review\">Review</a></li>");
            if (frame.IsLead)
                html.Raw("<li><a href=\"/ui/adjudicate\">Adjudicate</a></li>");
            html.Raw("<li><a href=\"/ui/agreement\">Agreement</a></li><li><a href=\"/ui/metrics\">Assurance metrics</a></li><li><a href=\"/ui/dashboard\">Dashboard</a></li><li><a href=\"/ui/interactions\">Interactions</a></li>");
            if (frame.IsLead)
                html.Raw("<li><a href=\"/ui/report\">Report</a></li><li><a href=\"/ui/incidents\">Incidents</a></li>");
            if (frame.Role == "admin")
                html.Raw("<li><a href=\"/ui/policies\">Policies</a></li><li><a href=\"/ui/audit\">Audit log</a></li>");
            html.Raw("</ul></nav>")
                .Raw("<form method=\"post\" action=\"/ui/signout\"><span>Signed in as ").Text(frame.User).Raw(" (").Text(frame.Role).Raw(") </span>");
            AntiforgeryField(html, frame);
            html.Raw("<button type=\"submit\">Sign out</button></form>");
        }

        html.Raw("</header><main>");
    }

    public static void End(HtmlBuilder html) => html.Raw("</main></body></html>");

    public static void AntiforgeryField(HtmlBuilder html, PageFrame frame) =>
        html.Raw("<input type=\"hidden\"").Attribute("name", frame.TokenField).Attribute("value", frame.Token).Raw(">");

    /// <summary>Writes the reliability mark in words, so that "unreliable" is never only a colour.</summary>
    public static void Reliability(HtmlBuilder html, Assay.Assurance.Reliability reliability, bool withReason = true)
    {
        var (css, word) = reliability.Status switch
        {
            Assay.Assurance.ReliabilityStatus.Reliable => ("reliable", "reliable"),
            Assay.Assurance.ReliabilityStatus.Unreliable => ("unreliable", "unreliable"),
            _ => ("insufficient", "insufficient data"),
        };
        html.Raw("<span class=\"").Raw(css).Raw("\">").Raw(word).Raw("</span>");
        if (withReason)
            html.Raw(" <small>").Text(Reason(reliability, word)).Raw("</small>");
    }

    /// <summary>The reason without a leading "insufficient data:" or "unreliable:", which the mark beside it already says.</summary>
    public static string Reason(Assay.Assurance.Reliability reliability, string word) =>
        reliability.Reason.StartsWith(word + ":", StringComparison.Ordinal) ? reliability.Reason[(word.Length + 1)..].TrimStart() : reliability.Reason;
}
