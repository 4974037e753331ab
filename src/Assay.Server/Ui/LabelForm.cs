using Assay.Policy;

namespace Assay.Server.Ui;

/// <summary>The labelling form shared by the review and adjudication pages, with its keyboard shortcuts.</summary>
/// <remarks>
/// The form works without JavaScript; the nonce'd script only adds the shortcuts (digits toggle
/// categories, <c>n</c> toggles "no failure", Enter submits) and fills in the time spent.
/// </remarks>
internal static class LabelForm
{
    private const string Script = """
        (function(){
          var form=document.getElementById('label-form');if(!form)return;var started=Date.now();
          var none=form.querySelector('input[name="no_failure"]');
          function boxes(){return form.querySelectorAll('input[name="category"]');}
          form.addEventListener('submit',function(){form.querySelector('input[name="seconds"]').value=((Date.now()-started)/1000).toFixed(1);});
          form.addEventListener('change',function(e){
            if(e.target===none&&none.checked){boxes().forEach(function(b){b.checked=false;});}
            else if(e.target.name==='category'&&e.target.checked){none.checked=false;}
          });
          document.addEventListener('keydown',function(e){
            if(e.ctrlKey||e.metaKey||e.altKey)return;
            var t=e.target,tag=t&&t.tagName;
            if(tag==='TEXTAREA'||tag==='SELECT'||(tag==='INPUT'&&t.type==='text'))return;
            if(e.key==='Enter'){if(tag==='BUTTON'||tag==='A'||tag==='SUMMARY')return;e.preventDefault();form.requestSubmit();return;}
            if(!/^[0-9n]$/.test(e.key))return;
            var box=form.querySelector('input[data-key="'+e.key+'"]');if(!box)return;
            e.preventDefault();box.checked=!box.checked;box.dispatchEvent(new Event('change',{bubbles:true}));
          });
        })();
        """;

    private static readonly string[] s_severities = ["low", "medium", "high", "critical"];

    /// <summary>The shortcut key of the category at <paramref name="index"/>: 1–9, then 0; none after the tenth.</summary>
    public static string? KeyFor(int index) => index switch
    {
        < 9 => ((char)('1' + index)).ToString(),
        9 => "0",
        _ => null,
    };

    /// <param name="draft">What was entered in a refused submission of this form, to show again; null for an empty form.</param>
    public static void Write(HtmlBuilder html, PageFrame frame, string action, string legend, string submit, IReadOnlyList<FailureCategory> taxonomy, LabelDraft? draft = null)
    {
        html.Raw("<form id=\"label-form\" method=\"post\"").Attribute("action", action).Raw(">");
        Layout.AntiforgeryField(html, frame);
        html.Raw("<fieldset><legend>").Text(legend).Raw("</legend>");
        for (var i = 0; i < taxonomy.Count; i++)
        {
            var category = taxonomy[i];
            var key = KeyFor(i);
            html.Raw("<div><input type=\"checkbox\" name=\"category\"").Attribute("id", "c-" + category.Id).Attribute("value", category.Id);
            if (key is not null)
                html.Attribute("data-key", key).Attribute("aria-keyshortcuts", key);
            if (draft?.Categories.Contains(category.Id) == true)
                html.Raw(" checked");
            html.Raw("> <label").Attribute("for", "c-" + category.Id).Raw(">");
            if (key is not null)
                html.Raw("<kbd>").Raw(key).Raw("</kbd> ");
            html.Text(category.Name).Raw("</label></div>");
        }

        html.Raw("<div><input type=\"checkbox\" name=\"no_failure\" id=\"no-failure\" value=\"true\" data-key=\"n\" aria-keyshortcuts=\"n\"")
            .Raw(draft?.NoFailure == true ? " checked" : "").Raw("> ")
            .Raw("<label for=\"no-failure\"><kbd>n</kbd> No failure</label></div></fieldset>")
            .Raw("<p><label for=\"severity\">Severity</label> <select name=\"severity\" id=\"severity\"><option value=\"\">not given</option>");
        foreach (var severity in s_severities)
            html.Raw("<option").Attribute("value", severity).Raw(draft?.Severity == severity ? " selected>" : ">").Text(severity).Raw("</option>");
        html.Raw("</select></p>")
            .Raw("<p><label for=\"note\">Note (optional)</label><br><textarea name=\"note\" id=\"note\" rows=\"3\" cols=\"60\" maxlength=\"10000\">")
            .Text(draft?.Note).Raw("</textarea></p>")
            .Raw("<input type=\"hidden\" name=\"seconds\" value=\"\">")
            .Raw("<p><button type=\"submit\">").Text(submit).Raw("</button> <small>Shortcuts: <kbd>1</kbd>–<kbd>9</kbd>, <kbd>0</kbd> toggle a category, ")
            .Raw("<kbd>n</kbd> no failure, <kbd>Enter</kbd> submits.</small></p></form>")
            .Raw("<script").Attribute("nonce", frame.Nonce).Raw(">").Raw(Script).Raw("</script>");
    }
}
