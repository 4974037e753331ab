namespace Assay.Server.Reports;

/// <summary>A report as plain content, before it is written as HTML or Markdown: the two files say the same thing because both are written from this.</summary>
public sealed record ReportDocument(string Title, IReadOnlyList<string> Lead, IReadOnlyList<ReportSection> Sections);

/// <summary>One titled part of a report.</summary>
public sealed record ReportSection(string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>A paragraph, a table or a figure.</summary>
public abstract record ReportBlock;

public sealed record ReportParagraph(string Text) : ReportBlock;

/// <summary>A table; <paramref name="Numeric"/> marks the columns aligned right.</summary>
public sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<bool> Numeric) : ReportBlock;

/// <summary>An SVG chart (drawn inline in HTML) with its caption; Markdown, which cannot draw it, gives the caption and the table beside it.</summary>
public sealed record ReportFigure(string Svg, string Caption) : ReportBlock;
