#!/usr/bin/env python3
"""test/attack/attack.py: a test-time attacker against treg's published figures.

Plays the analyst of the threat model (README, "Threat model and
protection") against fresh demo registries it has never seen: logs in as a
real role that is only a member of treg_analyst, calls every report
function it may execute with every parameter it may choose, reads every
report view, repeats and differences the answers, and tries to derive facts
about fewer than k persons with certainty:

1. exact derivation: an integer program over the unknown true counts of
   every published cell, with what the analyst knows for certain: each
   published count is within the largest possible noise of the truth
   (published 0 means a true count up to that bound, a suppressed figure a
   true count of at least 1), counts are non-negative integers, a total
   counts the union of its parts (equal to their sum where the report says
   each person is counted in one cell), and cells that the reports
   document as the same persons are equal.  Every suppressed cell and
   every cell that could be below k is minimised and maximised; the attack
   succeeds when one is pinned to a single value;
2. repetition: the same question asked twice must give the same answer
   (otherwise averaging would remove the noise);
3. exactness: comparing with the truth (computed by the test as data
   owner), published counts must not be the true counts much more often
   than the noise allows (a figure published without noise would be);
4. errors as oracles: the errors (SQLSTATE and text) for a sweep of valid
   and invalid parameters must be identical on two different registries,
   so no error depends on the data.

Prints one line per finding and "attack: N passed, M failed"; exits 1 when
an attack succeeded.  Needs python3-psycopg2 and python3-scipy; uses the
libpq environment (PGHOST, PGPORT, PGUSER) of a superuser.
"""

import math
import os
import sys
import time
from collections import defaultdict

import numpy as np
import psycopg2
from scipy.optimize import linprog, milp, LinearConstraint, Bounds

K = 5
NOISE_SD = 2.0
ROLE = 'regress_attacker'
PASSWORD = 'attack-only-test-role'

results = {'passed': 0, 'failed': 0}


def ok(msg):
    results['passed'] += 1
    print('ok -', msg)


def not_ok(msg):
    results['failed'] += 1
    print('not ok -', msg)


def max_noise(sd):
    """The largest noise the engine can draw: its inverse CDF reads a
    53-bit uniform, so a value whose tail is below 2^-53 never comes."""
    half = int(math.ceil(12 * sd)) + 1
    w = [math.exp(-(i * i) / (2 * sd * sd)) for i in range(-half, half + 1)]
    tot = sum(w)
    tail = 0.0
    for m in range(half, -1, -1):
        tail += w[half + m] / tot
        if tail >= 2.0 ** -53:
            return m
    return half


def su_connect(db):
    c = psycopg2.connect(dbname=db)
    c.autocommit = True
    return c


def setup_registry(db, persons, seed, as_of, home):
    admin = su_connect('postgres')
    cur = admin.cursor()
    cur.execute('DROP DATABASE IF EXISTS %s' % db)
    cur.execute("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'" % db)
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (ROLE,))
    if cur.fetchone() is None:
        cur.execute("CREATE ROLE %s LOGIN PASSWORD '%s'" % (ROLE, PASSWORD))
        cur.execute('GRANT treg_analyst TO %s' % ROLE)
    admin.close()
    c = su_connect(db)
    cur = c.cursor()
    cur.execute('CREATE EXTENSION treg')
    cur.execute('CREATE EXTENSION treg_demo')
    cur.execute('SELECT count(*) FROM treg.demo_load(%s, %s, %s, %s::smallint)',
                (persons, seed, as_of, home))
    cur.execute('SELECT treg.set_report_config(%s, %s, NULL, %s, %s)',
                (home, as_of, K, NOISE_SD))
    cur.execute('ANALYZE')
    return c


def analyst_connect(db):
    c = psycopg2.connect(dbname=db, user=ROLE, password=PASSWORD)
    c.autocommit = True
    return c


def report_functions(conn):
    """The report functions the analyst may execute, with their arguments."""
    cur = conn.cursor()
    cur.execute("""
        SELECT p.proname, p.oid::regprocedure::text,
               coalesce(p.proargnames[1:p.pronargs], '{}'),
               array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t)
        FROM pg_proc p
        WHERE p.pronamespace = 'treg'::regnamespace AND p.proname LIKE 'report\\_%%'
          AND p.proretset AND has_function_privilege(p.oid, 'EXECUTE')
        ORDER BY 1, 2""")
    return cur.fetchall()


def month_ends(as_of, months):
    y, m = as_of.year, as_of.month
    out = [as_of]
    for _ in range(months):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        nxt = (y + (m == 12), m % 12 + 1)
        import datetime
        out.append(datetime.date(nxt[0], nxt[1], 1) - datetime.timedelta(days=1))
    return out


def param_values(name, typ, as_of):
    """Every value of one parameter the analyst is allowed to ask for
    (a sample of the allowed years), plus None for "use the default"."""
    if typ == 'date':
        return month_ends(as_of, 6)
    if name in ('year', 'to_year'):
        return list(range(as_of.year - 2, as_of.year + 1))
    if name == 'from_year':
        return [as_of.year - 4, as_of.year - 1]
    if name == 'day_cap_months':
        return [3, 6, 12]
    if name == 'day_to_ambulant_share':
        return [0.25, 0.5]
    return [None]


def calls(fn_args, as_of):
    """The parameter combinations of one report function."""
    names, types = fn_args
    combos = [[]]
    for n, t in zip(names, types):
        vals = param_values(n, t, as_of)
        combos = [c + [v] for c in combos for v in vals]
    out = []
    for c in combos:
        d = dict(zip(names, c))
        if 'from_year' in d and 'to_year' in d and d['from_year'] > d['to_year']:
            continue
        out.append(c)
    return out


def collect(conn, as_of):
    """Ask everything: {(function, params): (columns, rows)}."""
    cur = conn.cursor()
    answers = {}
    for name, sig, argnames, argtypes in report_functions(conn):
        for c in calls((argnames, argtypes), as_of):
            sql = 'SELECT * FROM treg.%s(%s)' % (name, ', '.join(['%s'] * len(c)))
            try:
                cur.execute(sql, c)
                cols = [(d.name, d.type_code) for d in cur.description]
                answers[(name, tuple(c))] = (cols, cur.fetchall())
            except psycopg2.Error as e:
                answers[(name, tuple(c))] = ('error', e.pgcode, str(e).split('\n')[0])
    cur.execute("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'treg'::regnamespace "
                "AND c.relkind = 'v' AND c.relname LIKE 'report\\_%%' ORDER BY 1")
    for (v,) in cur.fetchall():
        try:
            cur.execute('SELECT * FROM treg.%s' % v)
            cols = [(d.name, d.type_code) for d in cur.description]
            answers[('view:' + v, ())] = (cols, cur.fetchall())
        except psycopg2.Error as e:
            answers[('view:' + v, ())] = ('error', e.pgcode, str(e).split('\n')[0])
    return answers


INT8, NUMERIC, TEXT, VARCHAR, BOOL = 20, 1700, 25, 1043, 16
# reports that count each person (or request, episode) in exactly one inner
# cell of each measure, as README says: their totals are sums of the parts
PARTITIONS = {'report_census', 'report_census_monthly', 'report_flow',
              'report_durations', 'report_day_treatment', 'report_guarantee_cells',
              'report_providers', 'report_age_groups'}


def cells_of(key, answer):
    """The count cells of one answer: (dims, figure, value, suppressed)."""
    cols, rows = answer
    names = [c[0] for c in cols]
    dims = [i for i, (n, t) in enumerate(cols)
            if t in (TEXT, VARCHAR) and not n.endswith('_da') and n != 'month']
    dims += [i for i, (n, t) in enumerate(cols) if n == 'month']
    figs = [i for i, (n, t) in enumerate(cols) if t == INT8]
    out = []
    for r in rows:
        d = tuple((names[i], r[i]) for i in dims)
        for f in figs:
            sup_col = names[f] + '_suppressed'
            sup = None
            if sup_col in names:
                sup = r[names.index(sup_col)]
            elif 'suppressed' in names and len(figs) == 1:
                sup = r[names.index('suppressed')]
            if r[f] is None and sup is None:
                sup = True
            if r[f] is None and not sup:
                continue        # a figure that does not exist (e.g. a quartile never reached)
            out.append((d, names[f], r[f], bool(sup)))
    return out


def build_program(answers, D):
    """Variables (one per distinct cell) and constraints from all answers."""
    var = {}
    lo, hi, published = [], [], []
    rows_eq, rows_le = [], []

    def v(ident, value, suppressed):
        if ident not in var:
            var[ident] = len(lo)
            if suppressed:
                lo.append(1)
                hi.append(K - 1 + D)
            elif value == 0:
                lo.append(0)
                hi.append(D)
            else:
                lo.append(max(value - D, 1))
                hi.append(value + D)
            published.append((value, suppressed))
        return var[ident]

    for key, ans in answers.items():
        if ans[0] == 'error':
            continue
        fname = key[0].replace('view:', '')
        cells = cells_of(key, ans)
        by = {}
        for d, fig, val, sup in cells:
            ident = (fname, key[1], d, fig)
            by[(d, fig)] = v(ident, val, sup)
        # totals against their parts, along every dimension coded 'total'
        for (d, fig), idx in by.items():
            for j, (dn, dv) in enumerate(d):
                if dv != 'total':
                    continue
                parts = [i2 for (d2, f2), i2 in by.items()
                         if f2 == fig and d2[j][1] not in ('total', 'under_30')
                         and all(d2[m] == d[m] for m in range(len(d)) if m != j)]
                if not parts:
                    continue
                if fname in PARTITIONS:
                    rows_eq.append(({idx: 1, **{p: -1 for p in parts}}, 0))
                else:
                    rows_le.append(({idx: 1, **{p: -1 for p in parts}}, 0))
                    for p in parts:
                        rows_le.append(({p: 1, idx: -1}, 0))
    return var, np.array(lo, float), np.array(hi, float), published, rows_eq, rows_le


def components(n, rows):
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a
    for coef, _ in rows:
        ks = list(coef)
        for b in ks[1:]:
            ra, rb = find(ks[0]), find(b)
            if ra != rb:
                parent[ra] = rb
    comp = defaultdict(list)
    for i in range(n):
        comp[find(i)].append(i)
    return list(comp.values())


def exact_derivations(answers, D, truth=None):
    var, lo, hi, published, rows_eq, rows_le = build_program(answers, D)
    n = len(lo)
    pins = []
    rows = [(c, b, 'eq') for c, b in rows_eq] + [(c, b, 'le') for c, b in rows_le]
    for comp in components(n, [(c, b) for c, b, _ in rows]):
        if len(comp) < 2:
            continue
        idx = {g: i for i, g in enumerate(comp)}
        crow = [(c, b, t) for c, b, t in rows if next(iter(c)) in idx]
        A_eq = np.zeros((sum(1 for r in crow if r[2] == 'eq'), len(comp)))
        A_le = np.zeros((sum(1 for r in crow if r[2] == 'le'), len(comp)))
        ie = il = 0
        for c, b, t in crow:
            tgt = A_eq[ie] if t == 'eq' else A_le[il]
            for g, a in c.items():
                tgt[idx[g]] = a
            if t == 'eq':
                ie += 1
            else:
                il += 1
        bounds = list(zip(lo[comp], hi[comp]))
        for g in comp:
            val, sup = published[g]
            if not sup and val is not None and val >= K + D:
                continue       # cannot be below k whatever the noise
            obj = np.zeros(len(comp))
            obj[idx[g]] = 1
            mn = linprog(obj, A_ub=A_le if len(A_le) else None, b_ub=np.zeros(len(A_le)) if len(A_le) else None,
                         A_eq=A_eq if len(A_eq) else None, b_eq=np.zeros(len(A_eq)) if len(A_eq) else None,
                         bounds=bounds, method='highs')
            mx = linprog(-obj, A_ub=A_le if len(A_le) else None, b_ub=np.zeros(len(A_le)) if len(A_le) else None,
                         A_eq=A_eq if len(A_eq) else None, b_eq=np.zeros(len(A_eq)) if len(A_eq) else None,
                         bounds=bounds, method='highs')
            if mn.status != 0 or mx.status != 0:
                continue
            low, high = math.ceil(mn.fun - 1e-7), math.floor(-mx.fun + 1e-7)
            if high - low < 1 and (sup or low < K):
                # confirm with integers
                cons = []
                if len(A_eq):
                    cons.append(LinearConstraint(A_eq, 0, 0))
                if len(A_le):
                    cons.append(LinearConstraint(A_le, -np.inf, 0))
                b = Bounds(lo[comp], hi[comp])
                r1 = milp(obj, constraints=cons, integrality=np.ones(len(comp)), bounds=b)
                r2 = milp(-obj, constraints=cons, integrality=np.ones(len(comp)), bounds=b)
                if r1.status == 0 and r2.status == 0 and round(r1.fun) == round(-r2.fun):
                    ident = [k for k, i in var.items() if i == g][0]
                    pins.append((ident, round(r1.fun), sup))
    return n, pins


def check_repetition(db, as_of, first):
    conn = analyst_connect(db)
    again = collect(conn, as_of)
    conn.close()
    diff = [k for k in first if again.get(k) != first[k]]
    if diff:
        not_ok('repetition: %d answers changed when asked again, e.g. %s' % (len(diff), diff[0]))
    else:
        ok('repetition: %d answers identical when asked again' % len(first))


def census_truth(su, day):
    """The exact census cells of a day, computed by the data owner."""
    cur = su.cursor()
    cur.execute("""
        SELECT coalesce(residence, 'total'), coalesce(age_band, 'total'),
               coalesce(substance_group, 'total'), count(DISTINCT person_id)
        FROM treg.census_persons(%s, (SELECT home_municipality FROM treg.report_config))
        GROUP BY GROUPING SETS ((residence, age_band, substance_group), (residence, age_band),
                                (residence, substance_group), (residence), (substance_group), ())""",
                (day,))
    return {(r, a, s): n for r, a, s, n in cur.fetchall()}


def census_key(names, r):
    return (r[names.index('residence')], r[names.index('age_band')], r[names.index('substance_group')])


def check_exactness(su, answers):
    """Published census counts against the truth computed by the data owner."""
    equal = total = 0
    for (fname, params), ans in answers.items():
        if fname != 'report_census' or ans[0] == 'error':
            continue
        truth = census_truth(su, params[0])
        cols, rows = ans
        names = [c[0] for c in cols]
        for r in rows:
            p = r[names.index('persons')]
            if p is not None and p >= K:
                total += 1
                equal += (p == truth.get(census_key(names, r), 0))
    if total == 0:
        not_ok('exactness: no census cells to compare')
        return
    rate = equal / total
    expected = 0.199   # P(noise = 0) for sd 2
    if rate > 0.35:
        not_ok('exactness: %.2f of %d published census counts equal the truth (noise gives %.2f)'
               % (rate, total, expected))
    else:
        ok('exactness: %.2f of %d published census counts equal the truth (noise alone: %.2f)'
           % (rate, total, expected))


def check_control(su, answers):
    """The attacker must have teeth: on the same census tables published
    exactly with only the Danish rule (1..k-1 hidden, no noise, no
    secondary suppression), it must recover hidden cells from the totals."""
    control = {}
    for (fname, params), ans in answers.items():
        if fname != 'report_census' or ans[0] == 'error':
            continue
        truth = census_truth(su, params[0])
        cols, rows = ans
        names = [c[0] for c in cols]
        pi, si = names.index('persons'), names.index('suppressed')
        new_rows = []
        for r in rows:
            n = truth.get(census_key(names, r), 0)
            r = list(r)
            r[pi] = None if 1 <= n < K else n
            r[si] = 1 <= n < K
            new_rows.append(tuple(r))
        control[(fname, params)] = (cols, new_rows)
    _, pins = exact_derivations(control, 0)
    hidden = sum(1 for p in pins if p[2])
    if hidden:
        ok('control: without noise the attacker recovers %d hidden census cells exactly' % hidden)
    else:
        not_ok('control: the attacker recovered nothing even from tables without noise')


def error_sweep(db, as_of):
    """SQLSTATE and message for valid and invalid parameters."""
    import datetime
    conn = analyst_connect(db)
    cur = conn.cursor()
    out = {}
    days = [as_of - datetime.timedelta(days=i) for i in range(0, 200, 9)] + [as_of + datetime.timedelta(days=1)]
    years = list(range(as_of.year - 17, as_of.year + 2, 3))
    for name, sig, argnames, argtypes in report_functions(conn):
        for i, t in enumerate(argtypes):
            vals = days if t == 'date' else years if t == 'integer' else []
            for val in vals:
                args = []
                for j, (n2, t2) in enumerate(zip(argnames, argtypes)):
                    if j == i:
                        args.append(val)
                    else:
                        pv = param_values(n2, t2, as_of)
                        args.append(pv[-1] if pv else None)
                sql = 'SELECT count(*) FROM treg.%s(%s)' % (name, ', '.join(['%s'] * len(args)))
                try:
                    cur.execute(sql, args)
                    out[(name, tuple(args))] = ('ok',)
                except psycopg2.Error as e:
                    out[(name, tuple(args))] = (e.pgcode, str(e))
    conn.close()
    return out


def main():
    import datetime
    D = max_noise(NOISE_SD)
    print('# largest noise the engine can draw with sd %.1f: %d' % (NOISE_SD, D))
    scenarios = [
        ('treg_attack_a', int(os.environ.get('ATTACK_PERSONS_A', 600)), 41, datetime.date(2025, 11, 14), 185),
        ('treg_attack_b', int(os.environ.get('ATTACK_PERSONS_B', 2500)), 97, datetime.date(2026, 2, 28), 167),
        ('treg_attack_c', int(os.environ.get('ATTACK_PERSONS_C', 250)), 7, datetime.date(2026, 6, 30), 751),
    ]
    sweeps = []
    for db, persons, seed, as_of, home in scenarios:
        t0 = time.time()
        su = setup_registry(db, persons, seed, as_of, home)
        conn = analyst_connect(db)
        answers = collect(conn, as_of)
        conn.close()
        errors = [k for k, a in answers.items() if a[0] == 'error']
        if errors:
            not_ok('%s: %d allowed questions failed, e.g. %s: %s' % (db, len(errors), errors[0], answers[errors[0]]))
        else:
            ok('%s: %d allowed questions answered (%d persons, seed %d, as of %s, municipality %d)'
               % (db, len(answers), persons, seed, as_of, home))
        check_repetition(db, as_of, answers)
        nvars, pins = exact_derivations(answers, D)
        if pins:
            for ident, value, sup in pins[:10]:
                not_ok('%s: pinned %s = %d%s' % (db, ident, value, ' (suppressed cell)' if sup else ''))
        else:
            ok('%s: no cell pinned among %d published counts (noise bound %d)' % (db, nvars, D))
        check_exactness(su, answers)
        check_control(su, answers)
        if not sweeps:
            sweeps.append(error_sweep(db, as_of))
        su.close()
        print('# %s: %.1f s' % (db, time.time() - t0))
    # errors: the same question under the same configuration must get the
    # same outcome and the same text whatever the data: configure registry
    # B like A and ask A's questions again
    db_a, _, _, as_of_a, home_a = scenarios[0]
    db_b = scenarios[1][0]
    su = su_connect(db_b)
    su.cursor().execute('SELECT treg.set_report_config(%s, %s, NULL, %s, %s)', (home_a, as_of_a, K, NOISE_SD))
    su.close()
    sweep_b = error_sweep(db_b, as_of_a)
    differ = [k for k in sweeps[0] if sweep_b.get(k) != sweeps[0][k]]
    refused = sum(1 for r in sweeps[0].values() if r[0] != 'ok')
    if differ:
        not_ok('errors depend on the data: %d of %d questions differ, e.g. %s: %s vs %s'
               % (len(differ), len(sweeps[0]), differ[0], sweeps[0][differ[0]], sweep_b.get(differ[0])))
    else:
        ok('errors: %d questions (%d refused) give the same outcome and text on two registries'
           % (len(sweeps[0]), refused))
    for db, *_ in scenarios:
        admin = su_connect('postgres')
        admin.cursor().execute('DROP DATABASE IF EXISTS %s' % db)
        admin.close()
    print('attack: %d passed, %d failed' % (results['passed'], results['failed']))
    sys.exit(1 if results['failed'] else 0)


if __name__ == '__main__':
    main()
