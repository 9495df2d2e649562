/*
 * test/bi/ReportTypes.java: what the PostgreSQL JDBC driver tells a BI tool
 * about every report view.
 *
 * Run without compiling (Java 11+ single-file source):
 *     java -cp /usr/share/java/postgresql.jar test/bi/ReportTypes.java CATALOG.tsv
 * The JDBC URL, user and password come from the environment (BI_JDBC_URL,
 * BI_USER, BI_PASSWORD).  CATALOG.tsv has one line per column: view,
 * ordinal, column, data_type, length, precision, scale.
 *
 * For every view it runs SELECT * FROM treg.<view> and prints tab-separated
 * lines for test/bi/compare.py:
 *     jdbc VIEW ORD COLUMN TYPE TYPE_NAME PRECISION SCALE CLASS
 *         ResultSetMetaData getColumnType, getColumnTypeName, getPrecision,
 *         getScale, getColumnClassName;
 *     jrows VIEW N BAD
 *         every row fetched with getObject; BAD counts values whose class,
 *         length or scale does not fit the column ("jbadvalue" lines).
 */
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

public class ReportTypes {
    /* why a fetched value does not fit its catalog column, or null */
    static String misfit(Object v, String[] col) {
        if (v == null)
            return null;
        String dataType = col[3];
        switch (dataType) {
            case "character varying":
                if (!(v instanceof String))
                    return v + " is " + v.getClass().getName();
                String s = (String) v;
                if (s.codePointCount(0, s.length()) > Integer.parseInt(col[4]))
                    return "'" + s + "' is longer than " + col[4];
                return null;
            case "bigint":
                return v instanceof Long ? null : v + " is " + v.getClass().getName();
            case "integer":
                return v instanceof Integer ? null : v + " is " + v.getClass().getName();
            case "numeric":
                if (!(v instanceof BigDecimal))
                    return v + " is " + v.getClass().getName();
                if (((BigDecimal) v).scale() != Integer.parseInt(col[6]))
                    return v + " does not have scale " + col[6];
                return null;
            case "date":
                return v instanceof java.sql.Date ? null : v + " is " + v.getClass().getName();
            case "boolean":
                return v instanceof Boolean ? null : v + " is " + v.getClass().getName();
            default:
                return "unexpected catalog type " + dataType;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String[]>> catalog = new TreeMap<>();
        for (String line : Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8)) {
            if (line.isEmpty())
                continue;
            String[] f = line.split("\t", -1);
            catalog.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
        }
        Properties props = new Properties();
        props.setProperty("user", System.getenv("BI_USER"));
        props.setProperty("password", System.getenv("BI_PASSWORD"));
        StringBuilder out = new StringBuilder();
        try (Connection conn = DriverManager.getConnection(System.getenv("BI_JDBC_URL"), props);
             Statement st = conn.createStatement()) {
            for (Map.Entry<String, List<String[]>> e : catalog.entrySet()) {
                String view = e.getKey();
                List<String[]> cols = e.getValue();
                cols.sort((a, b) -> Integer.parseInt(a[1]) - Integer.parseInt(b[1]));
                try (ResultSet rs = st.executeQuery("SELECT * FROM treg.\"" + view + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++)
                        out.append(String.join("\t", "jdbc", view, Integer.toString(i), md.getColumnLabel(i),
                                Integer.toString(md.getColumnType(i)), md.getColumnTypeName(i),
                                Integer.toString(md.getPrecision(i)), Integer.toString(md.getScale(i)),
                                md.getColumnClassName(i))).append('\n');
                    long rows = 0, bad = 0;
                    while (rs.next()) {
                        rows++;
                        for (int i = 1; i <= md.getColumnCount() && i <= cols.size(); i++) {
                            String why = misfit(rs.getObject(i), cols.get(i - 1));
                            if (why != null && ++bad <= 3)
                                out.append("jbadvalue\t" + view + "\t" + md.getColumnLabel(i) + "\t" + why + "\n");
                        }
                    }
                    out.append("jrows\t" + view + "\t" + rows + "\t" + bad + "\n");
                }
            }
        }
        System.out.print(out);
    }
}
