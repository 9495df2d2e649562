"""test/bi/compare.py: each driver's view of every report view column
against the catalog.

Usage: /usr/bin/python3 test/bi/compare.py CATALOG.tsv COUNTS.tsv ODBC.out JDBC.out
CATALOG.tsv: view, ordinal, column, data_type, length, precision, scale
(information_schema.columns); COUNTS.tsv: view, rows (psql as the analyst);
ODBC.out and JDBC.out: the output of test/bi/odbc_types.py and
test/bi/ReportTypes.java.  Prints one "ok - ..." or "not ok - ..." line per
view and check, then a "# mapping" summary of what each driver reported for
each catalog type.
"""
import sys
from collections import defaultdict

# ODBC SQL type codes
SQL_VARCHAR, SQL_WVARCHAR, SQL_LONGVARCHAR, SQL_WLONGVARCHAR = 12, -9, -1, -10
SQL_BIGINT, SQL_INTEGER, SQL_NUMERIC, SQL_DECIMAL = -5, 4, 2, 3
SQL_TYPE_DATE, SQL_BIT = 91, -7
# java.sql.Types
J_VARCHAR, J_BIGINT, J_INTEGER, J_NUMERIC, J_DATE, J_BIT, J_BOOLEAN, J_OTHER = 12, -5, 4, 2, 91, -7, 16, 1111

ODBC_NAMES = {SQL_VARCHAR: "SQL_VARCHAR", SQL_WVARCHAR: "SQL_WVARCHAR", SQL_LONGVARCHAR: "SQL_LONGVARCHAR",
              SQL_WLONGVARCHAR: "SQL_WLONGVARCHAR", SQL_BIGINT: "SQL_BIGINT", SQL_INTEGER: "SQL_INTEGER",
              SQL_NUMERIC: "SQL_NUMERIC", SQL_DECIMAL: "SQL_DECIMAL", SQL_TYPE_DATE: "SQL_TYPE_DATE",
              SQL_BIT: "SQL_BIT", 9: "SQL_DATE", 1: "SQL_CHAR", -8: "SQL_WCHAR"}
JDBC_NAMES = {J_VARCHAR: "VARCHAR", J_BIGINT: "BIGINT", J_INTEGER: "INTEGER", J_NUMERIC: "NUMERIC",
              J_DATE: "DATE", J_BIT: "BIT", J_BOOLEAN: "BOOLEAN", J_OTHER: "OTHER", -1: "LONGVARCHAR"}


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def odbc_expect(data_type, length, precision, scale, sqltype, size, digits):
    """None when an ODBC (type, size, digits) is what a BI tool should see."""
    if sqltype in (SQL_LONGVARCHAR, SQL_WLONGVARCHAR):
        return "a memo (%s)" % ODBC_NAMES[sqltype]
    if data_type == "character varying":
        ok = sqltype in (SQL_VARCHAR, SQL_WVARCHAR) and size == int(length)
    elif data_type == "bigint":
        ok = sqltype == SQL_BIGINT
    elif data_type == "integer":
        ok = sqltype == SQL_INTEGER
    elif data_type == "numeric":
        if size == 0:
            return "a numeric with precision 0"
        ok = sqltype in (SQL_NUMERIC, SQL_DECIMAL) and size == int(precision) and digits == int(scale)
    elif data_type == "date":
        ok = sqltype == SQL_TYPE_DATE
    elif data_type == "boolean":
        ok = sqltype == SQL_BIT
    else:
        return "catalog type %s is not a BI type" % data_type
    return None if ok else "unexpected"


def jdbc_expect(data_type, length, precision, scale, jtype, tname, prec, jscale, cls):
    if jtype == J_OTHER or jtype == -1 or tname in ("unknown", "text"):
        return "OTHER / unknown / memo"
    if data_type == "character varying":
        ok = jtype == J_VARCHAR and tname == "varchar" and prec == int(length) and cls == "java.lang.String"
    elif data_type == "bigint":
        ok = jtype == J_BIGINT and tname == "int8" and cls == "java.lang.Long"
    elif data_type == "integer":
        ok = jtype == J_INTEGER and tname == "int4" and cls == "java.lang.Integer"
    elif data_type == "numeric":
        if prec == 0:
            return "a numeric with precision 0"
        ok = (jtype == J_NUMERIC and tname == "numeric" and prec == int(precision) and jscale == int(scale)
              and cls == "java.math.BigDecimal")
    elif data_type == "date":
        ok = jtype == J_DATE and tname == "date" and cls == "java.sql.Date"
    elif data_type == "boolean":
        ok = jtype in (J_BIT, J_BOOLEAN) and tname == "bool" and cls == "java.lang.Boolean"
    else:
        return "catalog type %s is not a BI type" % data_type
    return None if ok else "unexpected"


def type_label(data_type, length, precision, scale):
    if data_type == "character varying":
        return "varchar(n)"
    if data_type == "numeric":
        return "numeric(p,s)"
    return data_type


def main():
    catalog = defaultdict(dict)
    for view, ordinal, column, data_type, length, precision, scale in read_tsv(sys.argv[1]):
        catalog[view][int(ordinal)] = (column, data_type, length, precision, scale)
    counts = {v: int(n) for v, n in read_tsv(sys.argv[2])}
    got = defaultdict(lambda: defaultdict(dict))   # kind -> view -> ordinal -> fields
    rows = defaultdict(dict)                       # kind -> view -> (n, bad)
    notes = defaultdict(list)
    for path in sys.argv[3:5]:
        for f in read_tsv(path):
            if f[0] in ("describe", "columns", "jdbc"):
                got[f[0]][f[1]][int(f[2])] = f[3:]
            elif f[0] in ("rows", "jrows"):
                rows[f[0]][f[1]] = (int(f[2]), int(f[3]))
            elif f[0] in ("badvalue", "jbadvalue"):
                notes[(f[0], f[1])].append("%s: %s" % (f[2], f[3]))
    mapping = defaultdict(set)

    def report(ok, what, problems):
        if ok:
            print("ok - %s" % what)
        else:
            print("not ok - %s: %s" % (what, "; ".join(problems)))

    for view in sorted(catalog):
        cols = catalog[view]
        for kind, label in (("describe", "ODBC SQLDescribeColW"), ("columns", "ODBC SQLColumns"),
                            ("jdbc", "JDBC ResultSetMetaData")):
            seen = got[kind].get(view, {})
            problems = []
            if sorted(seen) != sorted(cols):
                problems.append("columns %s, catalog %s" % (len(seen), len(cols)))
            for o in sorted(cols):
                name, data_type, length, precision, scale = cols[o]
                if o not in seen:
                    continue
                g = seen[o]
                if g[0] != name:
                    problems.append("column %d is %s, catalog %s" % (o, g[0], name))
                    continue
                tl = type_label(data_type, length, precision, scale)
                if kind == "describe":
                    sqltype, size, digits = int(g[1]), int(g[2]), int(g[3])
                    why = odbc_expect(data_type, length, precision, scale, sqltype, size, digits)
                    shown = "%s %s,%s" % (ODBC_NAMES.get(sqltype, sqltype), size, digits)
                    mapping[("ODBC result", tl)].add(ODBC_NAMES.get(sqltype, str(sqltype)) +
                                                     (" size n" if tl == "varchar(n)" and size == int(length) else "") +
                                                     (" p,s" if tl == "numeric(p,s)" and why is None else ""))
                elif kind == "columns":
                    sqltype = int(g[1])
                    size = int(g[3]) if g[3] != "None" else -1
                    digits = int(g[4]) if g[4] != "None" else 0
                    why = odbc_expect(data_type, length, precision, scale, sqltype, size, digits)
                    shown = "%s (%s) %s,%s" % (ODBC_NAMES.get(sqltype, sqltype), g[2], g[3], g[4])
                    mapping[("ODBC SQLColumns", tl)].add("%s (%s)" % (ODBC_NAMES.get(sqltype, str(sqltype)), g[2]))
                else:
                    jtype, tname, prec, jscale, cls = int(g[1]), g[2], int(g[3]), int(g[4]), g[5]
                    why = jdbc_expect(data_type, length, precision, scale, jtype, tname, prec, jscale, cls)
                    shown = "%s %s %s,%s %s" % (JDBC_NAMES.get(jtype, jtype), tname, prec, jscale, cls)
                    mapping[("JDBC", tl)].add("%s %s %s" % (JDBC_NAMES.get(jtype, str(jtype)), tname, cls) +
                                              (" p,s" if tl == "numeric(p,s)" and why is None else "") +
                                              (" precision n" if tl == "varchar(n)" and why is None else ""))
                if why is not None:
                    problems.append("%s %s(%s,%s,%s) arrives as %s: %s" % (name, data_type, length, precision,
                                                                          scale, shown, why))
            report(not problems, "%s: %s of %d columns" % (view, label, len(cols)), problems)
        for kind, label in (("rows", "ODBC"), ("jrows", "JDBC")):
            n, bad = rows[kind].get(view, (-1, -1))
            problems = []
            if n != counts.get(view) or n <= 0:
                problems.append("%d rows, psql %s" % (n, counts.get(view)))
            if bad != 0:
                problems.append("%d values do not fit: %s" % (bad, " | ".join(notes[("badvalue" if kind == "rows"
                                                                                     else "jbadvalue", view)])))
            report(not problems, "%s: %s fetched all %d rows, every value of its column's type" % (view, label, n),
                   problems)
    for (driver, tl), seen in sorted(mapping.items()):
        print("# mapping %-16s %-13s %s" % (driver, tl, " | ".join(sorted(seen))))


if __name__ == "__main__":
    main()
