#!/usr/bin/python3
"""Cross-check treg's Danish holidays against independent sources.

Optional (not part of CI): needs Debian's python3-holidays (the `holidays`
package, 0.10.1 on Debian 12) and, for Easter, `ncal -e` from Debian's ncal
package.  Reads treg.holidays(year) through psql (PGHOST/PGPORT/PGDATABASE
as usual) and compares, year by year:
  * every public holiday with holidays.Denmark (minus Palm Sunday, which is
    a Sunday and not in treg's list, and minus Store Bededag from 2024,
    which the old package still lists);
  * Easter Sunday with ncal -e, for every year 1583..9999 (a sample when
    --quick is given).
Usage: python3 test/crosscheck/danish_holidays.py [first_year last_year]
"""
import datetime
import subprocess
import sys

import holidays

first, last = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (1900, 2200)


def psql(sql):
    out = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


rows = psql(f"SELECT y, h.holiday, h.name FROM generate_series({first}, {last}) y, "
            f"treg.holidays(y) h")
ours = {}
for y, d, name in rows:
    ours.setdefault(int(y), {})[datetime.date.fromisoformat(d)] = name

bad = 0
for y in range(first, last + 1):
    ref = {d: n for d, n in holidays.Denmark(years=y).items() if n != "Palmesøndag"}
    if y >= 2024:
        ref = {d: n for d, n in ref.items() if n != "Store bededag"}
    if set(ref) != set(ours.get(y, {})):
        bad += 1
        print(f"{y}: python-holidays {sorted(ref)} treg {sorted(ours.get(y, {}))}")
print(f"holidays {first}..{last}: {last - first + 1 - bad} years agree, {bad} differ")

# Easter against ncal -e (BSD calendar), all years 1583..9999
easter = {int(y): d for y, d in psql("SELECT y, treg.easter(y) FROM generate_series(1583, 9999) y")}
ebad = 0
for y in range(1583, 10000):
    out = subprocess.run(["ncal", "-e", str(y)], check=True, capture_output=True, text=True).stdout.strip()
    # ncal prints MM/DD/YY (two-digit year) or a full date in newer versions
    mm, dd = out.split("/")[:2]
    ours_d = datetime.date.fromisoformat(easter[y])
    if (ours_d.month, ours_d.day) != (int(mm), int(dd)):
        ebad += 1
        print(f"easter {y}: ncal {out} treg {easter[y]}")
print(f"easter 1583..9999: {8417 - ebad} years agree, {ebad} differ")
sys.exit(1 if bad or ebad else 0)
