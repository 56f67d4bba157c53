using System.Text;

namespace BatchInference.Cli.Tests.Reporting;

/// <summary>An RFC 4180 reader for checking CSV output: quoted fields, doubled quotes, CRLF or LF line ends.</summary>
internal static class Csv
{
    public static List<string?[]> Parse(string text)
    {
        var rows = new List<string?[]>();
        var row = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        Assert.False(quoted, "The CSV ends inside a quoted field.");
        Assert.True(field.Length == 0 && row.Count == 0, "The CSV's last line has no line end.");
        return rows;
    }
}
