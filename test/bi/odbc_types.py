"""test/bi/odbc_types.py: what psqlODBC tells a BI tool about every report view.

Usage: /usr/bin/python3 test/bi/odbc_types.py CATALOG.tsv
       /usr/bin/python3 test/bi/odbc_types.py --count VIEW
       /usr/bin/python3 test/bi/odbc_types.py --describe VIEW COLUMN
The connection string is read from the environment (BI_ODBC, with the
password in it), never from the command line.  CATALOG.tsv has one line per
column: view, ordinal, column, data_type, length, precision, scale.
--count prints the number of rows of a view (pyodbc); --describe prints
"SQLTYPE COLUMN_SIZE" of one column from SQLDescribeColW.

For every view it prints tab-separated lines for test/bi/compare.py:
    describe VIEW ORD COLUMN SQLTYPE COLUMN_SIZE DECIMAL_DIGITS
        from SQLDescribeColW on "SELECT * FROM treg.VIEW" (what a query or a
        Power Query step sees), through the driver manager by ctypes since
        pyodbc does not expose the SQL type code;
    columns VIEW ORD COLUMN DATA_TYPE TYPE_NAME COLUMN_SIZE DECIMAL_DIGITS
        from SQLColumns (what a navigator / table picker sees), by pyodbc;
    rows VIEW N BAD
        every row fetched by pyodbc; BAD counts values whose Python type,
        length or scale does not fit the column (details on "badvalue" lines).
"""
import ctypes
import datetime
import decimal
import getpass
import glob
import os
import sys

import pyodbc

SQL_HANDLE_ENV, SQL_HANDLE_DBC, SQL_HANDLE_STMT = 1, 2, 3
SQL_ATTR_ODBC_VERSION, SQL_OV_ODBC3 = 200, 3
SQL_DRIVER_NOPROMPT, SQL_NTS = 0, -3

odbc = ctypes.CDLL("libodbc.so.2")
for fn in ("SQLAllocHandle", "SQLSetEnvAttr", "SQLDriverConnectW", "SQLExecDirectW", "SQLNumResultCols",
           "SQLDescribeColW", "SQLGetDiagRec", "SQLFreeHandle", "SQLDisconnect"):
    getattr(odbc, fn).restype = ctypes.c_short  # SQLRETURN


def wstr(s):
    """A NUL-terminated SQLWCHAR (UTF-16) buffer."""
    return ctypes.create_string_buffer(s.encode("utf-16-le") + b"\0\0")


def check(rc, what, htype=None, handle=None):
    if rc in (0, 1):
        return
    msg = ""
    if handle is not None:
        state = ctypes.create_string_buffer(12)
        text = ctypes.create_string_buffer(1024)
        native = ctypes.c_int()
        tlen = ctypes.c_short()
        odbc.SQLGetDiagRec(htype, handle, 1, state, ctypes.byref(native), text, 1024, ctypes.byref(tlen))
        msg = "%s %s" % (state.value.decode(), text.value.decode(errors="replace"))
    raise RuntimeError("%s failed (rc %d) %s" % (what, rc, msg))


class Describer:
    """A Unicode ODBC application's view of result-set metadata."""

    def __init__(self, connstr):
        self.env = ctypes.c_void_p()
        self.dbc = ctypes.c_void_p()
        check(odbc.SQLAllocHandle(SQL_HANDLE_ENV, None, ctypes.byref(self.env)), "SQLAllocHandle(ENV)")
        check(odbc.SQLSetEnvAttr(self.env, SQL_ATTR_ODBC_VERSION, ctypes.c_void_p(SQL_OV_ODBC3), 0),
              "SQLSetEnvAttr", SQL_HANDLE_ENV, self.env)
        check(odbc.SQLAllocHandle(SQL_HANDLE_DBC, self.env, ctypes.byref(self.dbc)), "SQLAllocHandle(DBC)")
        out = ctypes.create_string_buffer(4096)
        outlen = ctypes.c_short()
        check(odbc.SQLDriverConnectW(self.dbc, None, wstr(connstr), SQL_NTS, out, 2048,
                                     ctypes.byref(outlen), SQL_DRIVER_NOPROMPT),
              "SQLDriverConnectW", SQL_HANDLE_DBC, self.dbc)

    def describe(self, sql):
        stmt = ctypes.c_void_p()
        check(odbc.SQLAllocHandle(SQL_HANDLE_STMT, self.dbc, ctypes.byref(stmt)), "SQLAllocHandle(STMT)")
        try:
            check(odbc.SQLExecDirectW(stmt, wstr(sql), SQL_NTS), "SQLExecDirectW", SQL_HANDLE_STMT, stmt)
            ncols = ctypes.c_short()
            check(odbc.SQLNumResultCols(stmt, ctypes.byref(ncols)), "SQLNumResultCols", SQL_HANDLE_STMT, stmt)
            result = []
            for i in range(1, ncols.value + 1):
                name = ctypes.create_string_buffer(1024)
                namelen, sqltype, digits, nullable = (ctypes.c_short() for _ in range(4))
                size = ctypes.c_ulong()
                check(odbc.SQLDescribeColW(stmt, i, name, 256, ctypes.byref(namelen), ctypes.byref(sqltype),
                                           ctypes.byref(size), ctypes.byref(digits), ctypes.byref(nullable)),
                      "SQLDescribeColW", SQL_HANDLE_STMT, stmt)
                colname = name.raw[:2 * namelen.value].decode("utf-16-le")
                result.append((i, colname, sqltype.value, size.value, digits.value))
            return result
        finally:
            odbc.SQLFreeHandle(SQL_HANDLE_STMT, stmt)

    def close(self):
        odbc.SQLDisconnect(self.dbc)
        odbc.SQLFreeHandle(SQL_HANDLE_DBC, self.dbc)
        odbc.SQLFreeHandle(SQL_HANDLE_ENV, self.env)


def value_fits(value, col):
    """None when a fetched value fits its catalog column, else why not."""
    _, _, data_type, length, _, scale = col
    if value is None:
        return None
    if data_type == "character varying":
        if not isinstance(value, str):
            return "%r is %s, not str" % (value, type(value).__name__)
        if len(value) > int(length):
            return "%r is longer than %s" % (value, length)
    elif data_type in ("bigint", "integer"):
        if not isinstance(value, int) or isinstance(value, bool):
            return "%r is %s, not int" % (value, type(value).__name__)
    elif data_type == "numeric":
        if not isinstance(value, decimal.Decimal):
            return "%r is %s, not Decimal" % (value, type(value).__name__)
        if -value.as_tuple().exponent != int(scale):
            return "%r does not have scale %s" % (value, scale)
    elif data_type == "date":
        if type(value) is not datetime.date:
            return "%r is %s, not date" % (value, type(value).__name__)
    elif data_type == "boolean":
        if not isinstance(value, bool):
            return "%r is %s, not bool" % (value, type(value).__name__)
    else:
        return "unexpected catalog type %s" % data_type
    return None


def remove_driver_log():
    """psqlODBC 13.02 writes /tmp/psqlodbc_[<program>_]<user><pid>.log at
    disconnect even with CommLog=0 in the connection string (Debian's
    odbcinst.ini sets CommLog=1 for the driver): remove this process's."""
    me = "%s%d.log" % (getpass.getuser(), os.getpid())
    for path in glob.glob("/tmp/psqlodbc_" + me) + glob.glob("/tmp/psqlodbc_*_" + me):
        os.remove(path)


def main():
    connstr = os.environ["BI_ODBC"]
    if sys.argv[1] == "--count":
        conn = pyodbc.connect(connstr, autocommit=True)
        print(conn.cursor().execute('SELECT count(*) FROM treg."%s"' % sys.argv[2]).fetchval())
        conn.close()
        return
    if sys.argv[1] == "--describe":
        describer = Describer(connstr)
        for _, name, sqltype, size, _ in describer.describe('SELECT * FROM treg."%s"' % sys.argv[2]):
            if name == sys.argv[3]:
                print(sqltype, size)
        describer.close()
        return
    catalog = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            view, ordinal, column, data_type, length, precision, scale = line.rstrip("\n").split("\t")
            catalog.setdefault(view, []).append((int(ordinal), column, data_type, length, precision, scale))

    out = []
    describer = Describer(connstr)
    conn = pyodbc.connect(connstr, autocommit=True)
    for view in sorted(catalog):
        cols = sorted(catalog[view])
        for i, name, sqltype, size, digits in describer.describe('SELECT * FROM treg."%s"' % view):
            out.append("describe\t%s\t%d\t%s\t%d\t%d\t%d" % (view, i, name, sqltype, size, digits))
        cur = conn.cursor()
        for r in cur.columns(table=view, schema="treg"):
            out.append("columns\t%s\t%d\t%s\t%d\t%s\t%s\t%s" % (view, r.ordinal_position, r.column_name, r.data_type,
                                                                r.type_name, r.column_size, r.decimal_digits))
        cur.execute('SELECT * FROM treg."%s"' % view)
        rows = cur.fetchall()
        bad = 0
        for row in rows:
            for col, value in zip(cols, row):
                why = value_fits(value, col)
                if why is not None:
                    bad += 1
                    if bad <= 3:
                        out.append("badvalue\t%s\t%s\t%s" % (view, col[1], why))
        out.append("rows\t%s\t%d\t%d" % (view, len(rows), bad))
        cur.close()
    conn.close()
    describer.close()
    print("\n".join(out))


if __name__ == "__main__":
    try:
        main()
    finally:
        remove_driver_log()
