#!/usr/bin/python3
"""The committee report of treg as a page, a PDF-ready print and a workbook.

    /usr/bin/python3 tools/committee_report.py DIR

Reads the reporting views (treg.report_*) of the database that the libpq
variables (PGHOST, PGPORT, PGDATABASE, PGUSER) point at, as a user with
treg_analyst or more, and writes into DIR:

  report.html   one self-contained page in Danish: per section a chart
                (matplotlib SVG, inlined) and its table; no network
  report.xlsx   one sheet per table of the page (numbers as numbers,
                suppressed cells as the text "x" with a comment)
  NAME.csv      every view as it is (RFC 4180: UTF-8, comma, CRLF, header)

tools/export.sh calls it and prints report.html to report.pdf.  Every figure
comes from the views: a suppressed figure (NULL and *_suppressed true) is
shown as "x" and never drawn, and nothing is computed from a hidden figure.
"""

import csv
import datetime
import html
import io
import os
import re
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
import psycopg2  # noqa: E402
import psycopg2.extras  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# every reporting view, exported as CSV in this order
VIEWS = [
    "report_catalog", "report_census", "report_census_monthly", "report_flow",
    "report_age_groups", "report_durations", "report_durations_curve",
    "report_transitions",
    "report_day_treatment", "report_guarantee", "report_guarantee_cells",
    "report_providers", "report_costs", "report_cost_scenario",
    "report_occupancy", "report_provider_flow", "report_outcomes",
    "report_registry_summary",
]

MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli",
             "august", "september", "oktober", "november", "december"]
MONTHS_SHORT_DA = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug",
                   "sep", "okt", "nov", "dec"]

# colours: one per substance group / series, readable in grey print too
COLOURS = ["#1f5f8b", "#e08a1e", "#4a9a5b", "#a23b72", "#7f7f7f", "#c2b02e"]
TOTAL_COLOUR = "#333333"

SUPPRESSED_NOTE = ("Diskretioneret: tallet er 1–4 borgere efter støj og "
                   "vises ikke.")

plt.rcParams.update({
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.fonttype": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "axes.formatter.use_locale": False,
})


# ---------------------------------------------------------------- formatting

def fmt_num(value, decimals=0):
    """A number in Danish notation: 1.234,5."""
    s = f"{float(value):,.{decimals}f}"
    return s.replace(",", "\u00a7").replace(".", ",").replace("\u00a7", ".")


def date_da(d):
    return f"{d.day}. {MONTHS_DA[d.month - 1]} {d.year}"


def month_da(code):
    """'2025-03' -> 'mar 2025'; other codes unchanged."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", code or "")
    if not m:
        return code
    return f"{MONTHS_SHORT_DA[int(m.group(2)) - 1]} {m.group(1)}"


class Cell:
    """One figure of a table: value, whether it is suppressed, its kind.

    kind: 'int' (count), 'dec1' (one decimal), 'pct' (a share 0..1 shown
    in per cent), 'pct0' (a share 0..1 in whole per cent), 'mio' (kroner
    shown in millions), 'kr' (whole kroner), 'days', 'text'."""

    def __init__(self, value, suppressed=False, kind="int"):
        self.value = value
        self.suppressed = bool(suppressed) and value is None
        self.kind = kind

    def text(self):
        if self.kind == "text":
            return "" if self.value is None else str(self.value)
        if self.value is None:
            return "x" if self.suppressed else "–"
        v = float(self.value)
        if self.kind == "pct":
            return fmt_num(100 * v, 1) + " %"
        if self.kind == "pct0":
            return fmt_num(100 * v, 0) + " %"
        if self.kind == "mio":
            return fmt_num(v / 1e6, 1)
        if self.kind == "dec1":
            return fmt_num(v, 1)
        return fmt_num(v, 0)

    def number(self):
        """The value for a chart: None when suppressed or missing."""
        return None if self.value is None else float(self.value)


def T(value):
    return Cell(value, False, "text")


def fig(row, name, kind="int", flag=None):
    """The Cell of figure NAME of a view row (flag: its *_suppressed column)."""
    if flag is None:
        flag = name + "_suppressed" if name + "_suppressed" in row else "suppressed"
    return Cell(row[name], row.get(flag, False), kind)


class Table:
    def __init__(self, sheet, caption, headers, rows, total_rows=()):
        self.sheet = sheet          # name of the workbook sheet (max 31)
        self.caption = caption
        self.headers = headers
        self.rows = rows            # lists of Cell
        self.total_rows = set(total_rows)


class Section:
    def __init__(self, sid, title, period, svg, tables, notes=()):
        self.sid, self.title, self.period = sid, title, period
        self.svg, self.tables, self.notes = svg, tables, list(notes)


# ------------------------------------------------------------------- charts

_figure_no = [0]


def svg_of(figure):
    """The figure as an inline <svg> element (no XML prolog)."""
    _figure_no[0] += 1
    plt.rcParams["svg.hashsalt"] = f"treg-chart-{_figure_no[0]}"
    buf = io.StringIO()
    figure.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(figure)
    s = buf.getvalue()
    s = s[s.index("<svg"):]
    # scale with the page
    s = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
               r'<svg\1 class="chart" role="img"', s, count=1)
    return s


def wrap(labels, width=14):
    """Axis labels broken into lines of about WIDTH characters."""
    import textwrap
    return ["\n".join(textwrap.wrap(lab, width)) or lab for lab in labels]


def new_axes(width=7.0, height=3.2):
    f, ax = plt.subplots(figsize=(width, height))
    return f, ax


def thousands(ax, axis="y"):
    form = matplotlib.ticker.FuncFormatter(lambda v, _p: fmt_num(v, 0))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(form)


def mark_suppressed(ax, x, y=0, horizontal=False):
    """An 'x' where a suppressed figure would be: nothing is drawn."""
    if horizontal:
        ax.annotate("x", (0, x), xytext=(3, 0), textcoords="offset points",
                    va="center", ha="left", color="#b00000", fontsize=8)
    else:
        ax.annotate("x", (x, y), xytext=(0, 2), textcoords="offset points",
                    ha="center", va="bottom", color="#b00000", fontsize=8)


def grouped_bars(categories, series, ylabel, value_kind="int", width=7.0,
                 height=3.2, legend_title=None):
    """Grouped vertical bars: series = [(name, [Cell])]; suppressed bars
    are not drawn but marked 'x'."""
    f, ax = new_axes(width, height)
    n = len(series)
    w = 0.8 / max(n, 1)
    for i, (name, cells) in enumerate(series):
        for j, c in enumerate(cells):
            x = j - 0.4 + w * (i + 0.5)
            v = c.number()
            if v is None:
                if c.suppressed:
                    mark_suppressed(ax, x)
                continue
            if value_kind == "pct":
                v *= 100
            elif value_kind == "mio":
                v /= 1e6
            ax.bar(x, v, w * 0.92, color=COLOURS[i % len(COLOURS)],
                   label=name if j == 0 or not ax.containers else None)
    ax.set_xticks(range(len(categories)))
    ax.set_xticklabels(wrap(categories))
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    thousands(ax)
    handles = [matplotlib.patches.Patch(color=COLOURS[i % len(COLOURS)], label=name)
               for i, (name, _c) in enumerate(series)]
    if n > 1:
        ax.legend(handles=handles, frameon=False, title=legend_title,
                  loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return svg_of(f)


def heat_map(row_labels, col_labels, cells, title_x, title_y):
    """A matrix of counts as a heat map; suppressed cells grey with 'x'."""
    import numpy as np
    values = np.array([[c.number() if c.number() is not None else np.nan
                        for c in row] for row in cells], dtype=float)
    f, ax = new_axes(6.4, 0.55 * len(row_labels) + 1.4)
    cmap = matplotlib.colormaps["Blues"].copy()
    cmap.set_bad("#eeeeee")
    vmax = np.nanmax(values) if np.isfinite(values).any() else 1
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=max(vmax, 1),
              aspect="auto")
    for i, row in enumerate(cells):
        for j, c in enumerate(row):
            v = c.number()
            dark = v is not None and v > 0.6 * vmax
            ax.text(j, i, c.text(), ha="center", va="center", fontsize=9,
                    color="white" if dark else ("#b00000" if c.suppressed else "black"))
    ax.set_xticks(range(len(col_labels)))
    ax.set_xticklabels(wrap(col_labels))
    ax.set_yticks(range(len(row_labels)))
    ax.set_yticklabels(row_labels)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(title_x)
    ax.set_ylabel(title_y)
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)
    return svg_of(f)


# ----------------------------------------------------------------- sections

def pivot(rows, row_key, col_key, cols, value, kind="int"):
    """{row code: {col code: Cell}} of a long view."""
    out = {}
    for r in rows:
        out.setdefault(r[row_key], {})[r[col_key]] = fig(r, value, kind)
    return out


def ordered(rows, code, order=None, label=None):
    """Distinct (code, label) of a dimension in sort order."""
    seen = {}
    for r in rows:
        k = r[code]
        if k not in seen:
            seen[k] = (r[order] if order else len(seen), r[label or code + "_da"])
    return [(k, v[1]) for k, v in sorted(seen.items(), key=lambda kv: kv[1][0])]


SUBSTANCES = [("alcohol", "Alkohol"), ("non_opioid", "Hash, kokain mv."),
              ("opioid", "Opioider"), ("total", "I alt")]


def substance_labels(rows):
    labels = {r["substance_group"]: r["substance_group_da"] for r in rows}
    return [(k, labels.get(k, v)) for k, v in SUBSTANCES if k in labels]


def section_census(v, cat):
    rows = v["report_census"]
    subs = substance_labels(rows)
    residences = ordered(rows, "residence", None)
    residences.sort(key=lambda kv: {"own": 0, "other": 1, "total": 2}.get(kv[0], 3))
    totals = {(r["residence"], r["substance_group"]): fig(r, "persons")
              for r in rows if r["age_band"] == "total"}
    series = [(lab, [totals[(res, s)] for res, _l in residences])
              for s, lab in subs if s != "total"]
    svg = grouped_bars([lab for _r, lab in residences], series, "Borgere",
                       legend_title="Rusmiddel")
    body, total_rows = [], []
    for res, res_lab in residences:
        bands = ordered([r for r in rows if r["residence"] == res], "age_band", "age_band_order")
        for band, band_lab in bands:
            cells = {r["substance_group"]: fig(r, "persons") for r in rows
                     if r["residence"] == res and r["age_band"] == band}
            if band == "total" or res == "total":
                total_rows.append(len(body))
            body.append([T(res_lab), T(band_lab)] + [cells[s] for s, _l in subs])
    table = Table("Dagsudtræk", "Indskrevne borgere efter bopæl, alder og rusmiddel",
                  ["Bopæl", "Alder"] + [lab for _s, lab in subs], body, total_rows)
    return Section("dagsudtraek", cat["report_census"]["title_da"],
                   cat["report_census"]["period_da"], svg, [table])


def section_monthly(v, cat):
    rows = v["report_census_monthly"]
    subs = substance_labels(rows)
    months = ordered(rows, "month", "month_order", "month")
    data = pivot(rows, "month", "substance_group", subs, "persons")
    f, ax = new_axes(7.0, 3.2)
    xs = list(range(len(months)))
    for i, (s, lab) in enumerate(subs):
        ys = [data[m][s].number() for m, _l in months]
        ys = [float("nan") if y is None else y for y in ys]
        colour = TOTAL_COLOUR if s == "total" else COLOURS[i % len(COLOURS)]
        ax.plot(xs, ys, marker="o", markersize=3, color=colour, label=lab,
                linewidth=2.2 if s == "total" else 1.4)
        for x, m in zip(xs, months):
            if data[m[0]][s].suppressed:
                mark_suppressed(ax, x, 0)
    ax.set_xticks(xs[::3])
    ax.set_xticklabels([month_da(m) for m, _l in months][::3])
    ax.set_ylabel("Borgere")
    ax.set_ylim(bottom=0)
    thousands(ax)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    svg = svg_of(f)
    body = [[T(month_da(m))] + [data[m][s] for s, _l in subs] for m, _l in months]
    table = Table("Måned for måned", "Indskrevne borgere sidste dag i måneden efter rusmiddel",
                  ["Måned"] + [lab for _s, lab in subs], body)
    return Section("maaneder", cat["report_census_monthly"]["title_da"],
                   cat["report_census_monthly"]["period_da"], svg, [table])


def section_flow(v, cat):
    rows = v["report_flow"]
    subs = substance_labels(rows)
    measures = ordered(rows, "measure", "measure_order")
    intens = ordered(rows, "intensity", "intensity_order")
    tot = {(r["measure"], r["substance_group"]): fig(r, "persons")
           for r in rows if r["intensity"] == "total"}
    series = [(lab, [tot[(m, s)] for m, _l in measures]) for s, lab in subs if s != "total"]
    svg = grouped_bars([lab for _m, lab in measures], series, "Borgere",
                       legend_title="Rusmiddel")
    body, total_rows = [], []
    for m, mlab in measures:
        for s, slab in subs:
            cells = {r["intensity"]: fig(r, "persons") for r in rows
                     if r["measure"] == m and r["substance_group"] == s}
            if s == "total":
                total_rows.append(len(body))
            body.append([T(mlab), T(slab)] + [cells[i] for i, _l in intens])
    table = Table("Flow", "Borgere efter mål, rusmiddel og indsats",
                  ["Mål", "Rusmiddel"] + [lab for _i, lab in intens], body, total_rows)
    return Section("flow", cat["report_flow"]["title_da"], cat["report_flow"]["period_da"],
                   svg, [table])


def section_durations(v, cat):
    rows = v["report_durations"]
    f, ax = new_axes(7.0, 3.4)
    lines, labels = [], []
    for r in rows:
        if r["entry_intensity"] in ("unknown",):
            continue
        lab = r["substance_group_da"] + ((": " + r["entry_intensity_da"].lower())
                                         if r["entry_intensity"] != "total" else "")
        lines.append(r)
        labels.append(lab)
    xmax = 1.08 * max([fig(r, k, "days").number() or 0 for r in lines
                       for k in ("q25_days", "median_days", "q75_days")] + [30])
    for y, (r, lab) in enumerate(zip(lines, labels)):
        q25, med, q75 = (fig(r, "q25_days", "days"), fig(r, "median_days", "days"),
                         fig(r, "q75_days", "days"))
        colour = TOTAL_COLOUR if r["substance_group"] == "total" else \
            COLOURS[["alcohol", "non_opioid", "opioid"].index(r["substance_group"])]
        bold = r["entry_intensity"] == "total"
        if q25.number() is not None and q75.number() is not None:
            ax.plot([q25.number(), q75.number()], [y, y], color=colour,
                    linewidth=6 if bold else 3, solid_capstyle="butt", alpha=0.85)
        elif q25.number() is not None:
            # the curve never reaches 75 %: a bar from the first quartile to the edge
            ax.annotate("", xy=(xmax, y), xytext=(q25.number(), y),
                        arrowprops=dict(arrowstyle="->", color=colour, lw=3 if bold else 2))
        if med.number() is not None:
            ax.plot([med.number()], [y], marker="|", markersize=14, color="black",
                    markeredgewidth=2)
        if q25.suppressed:
            mark_suppressed(ax, y, horizontal=True)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlabel("Dage fra indskrivning (bjælke: 25 %- til 75 %-kvartil, streg: median)")
    ax.set_xlim(0, xmax)
    ax.grid(axis="y", visible=False)
    thousands(ax, "x")
    svg = svg_of(f)
    body, total_rows = [], []
    for r in rows:
        if r["is_total"]:
            total_rows.append(len(body))
        body.append([T(r["substance_group_da"]), T(r["entry_intensity_da"]),
                     fig(r, "persons"), fig(r, "episodes"), fig(r, "open_share", "pct"),
                     fig(r, "q25_days", "days"), fig(r, "median_days", "days"),
                     fig(r, "q75_days", "days")])
    table = Table("Varighed", "Forløbenes varighed i dage (Kaplan-Meier-kvartiler)",
                  ["Rusmiddel", "Indsats ved start", "Borgere", "Forløb", "Åbne forløb",
                   "25 % udskrevet", "Median", "75 % udskrevet"], body, total_rows)
    notes = ["Figuren viser kvartilerne af Kaplan-Meier-kurven (åbne forløb censureret på "
             "opgørelsesdagen): efter så mange dage er 25 %, 50 % og 75 % af forløbene "
             "afsluttet. Kvartiler er afrundet til hele uger og har støj; de vises kun "
             "for grupper med mindst 5 borgere og 5 afsluttede forløb. – betyder at "
             "kurven ikke når kvartilen (for mange forløb er stadig åbne); en pil betyder "
             "at 75 %-kvartilen ikke er nået."]
    curve_svg, curve_table, curve_notes = durations_curves(v["report_durations_curve"],
                                                           cat["report_durations_curve"])
    return Section("varighed", cat["report_durations"]["title_da"],
                   cat["report_durations"]["period_da"], svg + "\n" + curve_svg,
                   [table, curve_table], notes + curve_notes)


def durations_curves(rows, info):
    """The Kaplan-Meier curves of report_durations_curve: one panel per
    substance group (the total last) with the curve and its 95 % band, a
    table of the points and the notes.  A suppressed curve is not drawn:
    its panel says so and its table cells are x."""
    subs = substance_labels(rows)
    days = sorted({r["day"] for r in rows})
    point = {(r["substance_group"], r["day"]): r for r in rows}
    f, axes = plt.subplots(1, len(subs), figsize=(7.0, 2.7), sharey=True, squeeze=False,
                           layout="constrained")
    for i, (s, lab) in enumerate(subs):
        ax = axes[0][i]
        colour = TOTAL_COLOUR if s == "total" else COLOURS[i % len(COLOURS)]
        pts = [point[(s, d)] for d in days]
        shown = [p for p in pts if p["survival"] is not None]
        if shown:
            xs = [p["day"] for p in shown]
            ax.fill_between(xs, [100 * float(p["lower"]) for p in shown],
                            [100 * float(p["upper"]) for p in shown],
                            color=colour, alpha=0.22, linewidth=0)
            ax.plot(xs, [100 * float(p["survival"]) for p in shown], color=colour,
                    linewidth=2.0 if s == "total" else 1.6)
        elif any(p["suppressed"] for p in pts):
            ax.text(0.5, 0.5, "Diskretioneret:\nkurven vises ikke", transform=ax.transAxes,
                    ha="center", va="center", color="#b00000", fontsize=8)
        ax.set_title(lab, fontsize=9)
        ax.set_xlim(0, max(days))
        ax.set_ylim(0, 100)
        ax.set_xticks([0, 365, 730, 1095])
        ax.set_xticklabels(["0", "1", "2", "3"])
    axes[0][0].set_ylabel("Stadig i behandling, %")
    f.supxlabel("År fra indskrivning (skygge: 95 %-konfidensbånd)", fontsize=9)
    svg = svg_of(f)
    headers = ["Dage"]
    for _s, lab in subs:
        headers += [lab + ": andel", lab + ": nedre", lab + ": øvre"]
    body = []
    for d in days:
        line = [Cell(d, False, "days")]
        for s, _lab in subs:
            p = point[(s, d)]
            line += [fig(p, "survival", "pct0"), fig(p, "lower", "pct0"),
                     fig(p, "upper", "pct0")]
        body.append(line)
    table = Table("Varighedskurver", "Andel af forløbene, der stadig er i gang efter så "
                  "mange dage (Kaplan-Meier), med 95 %-konfidensinterval", headers, body)
    k = info["min_cell_count"]
    notes = [f"Kurverne viser for hver rusmiddelgruppe, hvor stor en andel af forløbene "
             f"der endnu ikke er afsluttet efter så mange dage (Kaplan-Meier; åbne "
             f"forløb censureret på opgørelsesdagen), med et 95 %-konfidensbånd. En kurve "
             f"vises kun for grupper med mindst {max(k, 20)} borgere og {k} afsluttede "
             f"forløb, ellers er den diskretioneret (x); hvert punkt har en lille fast "
             f"støj og er afrundet til hele procent. – betyder, at ingen forløb i gruppen "
             f"har varet så længe (kurven er ikke defineret)."]
    return svg, table, notes


def matrix_section(rows, from_key, to_key, sid, info, sheet, caption, title_x, title_y,
                   first_col):
    froms = ordered(rows, from_key, from_key + "_order")
    tos = ordered(rows, to_key, to_key + "_order")
    cell = {(r[from_key], r[to_key]): fig(r, "persons") for r in rows}
    hf = [(k, lab) for k, lab in froms if k != "total"]
    ht = [(k, lab) for k, lab in tos if k != "total"]
    svg = heat_map([lab for _k, lab in hf], [lab for _k, lab in ht],
                   [[cell.get((a, b), Cell(None)) for b, _l in ht] for a, _l in hf], title_x, title_y)
    body, total_rows = [], []
    for a, alab in froms:
        if a == "total":
            total_rows.append(len(body))
        body.append([T(alab)] + [cell.get((a, b), Cell(None)) for b, _l in tos])
    table = Table(sheet, caption, [first_col] + [lab for _b, lab in tos], body, total_rows)
    return Section(sid, info["title_da"], info["period_da"], svg, [table])


def section_transitions(v, cat):
    s = matrix_section(v["report_transitions"], "from_state", "to_state", "overgange",
                       cat["report_transitions"], "Overgange",
                       "Borgere med et skift fra (række) til (kolonne)",
                       "Til", "Fra", "Fra \\ til")
    s.notes.append("En borger tælles i hver celle, hvor borgeren har et skift i året; "
                   "totalerne er borgere med mindst ét skift.")
    return s


def section_day_treatment(v, cat):
    rows = v["report_day_treatment"]
    detail = [r for r in rows if not r["is_total"]]
    f, ax = new_axes(7.0, 2.8)
    labels = []
    for y, r in enumerate(detail):
        c = fig(r, "persons")
        labels.append(r["category_da"])
        colour = COLOURS[0] if r["measure"] == "step_down" else COLOURS[1]
        if c.number() is not None:
            ax.barh(y, c.number(), color=colour, height=0.7)
        elif c.suppressed:
            mark_suppressed(ax, y, horizontal=True)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlabel("Borgere")
    ax.grid(axis="y", visible=False)
    thousands(ax, "x")
    handles = [matplotlib.patches.Patch(color=COLOURS[0], label="Trin ned til ambulant"),
               matplotlib.patches.Patch(color=COLOURS[1], label="Afsluttet dagbehandling")]
    ax.legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    svg = svg_of(f)
    body, total_rows = [], []
    for r in rows:
        if r["is_total"]:
            total_rows.append(len(body))
        body.append([T(r["measure_da"]), T(r["category_da"]), fig(r, "persons")])
    table = Table("Dagbehandling", "Borgere efter mål og kategori",
                  ["Mål", "Kategori", "Borgere"], body, total_rows)
    return Section("dagbehandling", cat["report_day_treatment"]["title_da"],
                   cat["report_day_treatment"]["period_da"], svg, [table])


def section_guarantee(v, cat):
    rows = v["report_guarantee"]
    tracks = ordered(rows, "track", "track_order")
    months = [m for m in ordered(rows, "month", "month_order", "month") if m[0] != "total"]
    f, ax = new_axes(7.0, 3.2)
    xs = list(range(len(months)))
    for i, (t, tlab) in enumerate(tracks):
        by_month = {r["month"]: fig(r, "share_met_14_days", "pct") for r in rows if r["track"] == t}
        ys = [by_month[m].number() for m, _l in months]
        ys = [float("nan") if y is None else 100 * y for y in ys]
        colour = TOTAL_COLOUR if t == "total" else COLOURS[i % len(COLOURS)]
        ax.plot(xs, ys, marker="o", markersize=3.5, color=colour, label=tlab,
                linewidth=2.2 if t == "total" else 1.2)
    ax.axhline(100, color="#b00000", linestyle="--", linewidth=1.2, label="Mål: 100 %")
    ax.set_xticks(xs)
    ax.set_xticklabels([month_da(m).split()[0] for m, _l in months])
    ax.set_ylabel("Behandling inden for 14 dage, %")
    ax.set_ylim(0, 105)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:.0f} %"))
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    svg = svg_of(f)
    body, total_rows = [], []
    for r in rows:
        if r["is_total"]:
            total_rows.append(len(body))
        body.append([T(r["track_da"]), T("I alt" if r["month"] == "total" else month_da(r["month"])),
                     fig(r, "requests"), fig(r, "met_14_days"), fig(r, "not_met_14_days"),
                     fig(r, "pending_14_days"), fig(r, "waived"),
                     fig(r, "share_met_14_days", "pct"), fig(r, "share_met_straks", "pct")])
    table = Table("Behandlingsgaranti", "Anmodninger og overholdelse af 14-dagesgarantien",
                  ["Spor", "Måned", "Anmodninger", "Inden for 14 dage", "Efter 14 dage",
                   "Afventer", "Fravalgt", "Inden for 14 dage, andel", "Straks, andel"],
                  body, total_rows)
    notes = ["Målet er, at alle borgere tilbydes behandling senest 14 dage efter "
             "henvendelsen. Andelene er "
             "regnet af de offentliggjorte tal med støj; en måned uden punkt har en "
             "diskretioneret andel."]
    return Section("garanti", cat["report_guarantee"]["title_da"],
                   cat["report_guarantee"]["period_da"], svg, [table], notes)


def section_providers(v, cat):
    rows = v["report_providers"]
    detail = [r for r in rows if not r["is_total"]]
    groups = ordered(rows, "provider_group", "provider_group_order")
    gcol = {g: COLOURS[i % len(COLOURS)] for i, (g, _l) in enumerate(groups)}
    f, ax = new_axes(7.0, 0.17 * len(detail) + 0.9)
    for y, r in enumerate(detail):
        c = fig(r, "persons")
        if c.number() is not None:
            ax.barh(y, c.number(), color=gcol[r["provider_group"]], height=0.75)
        elif c.suppressed:
            mark_suppressed(ax, y, horizontal=True)
    ax.set_yticks(range(len(detail)))
    ax.set_yticklabels([r["provider_da"] for r in detail], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("Borgere (efter flest dage i året)")
    ax.grid(axis="y", visible=False)
    thousands(ax, "x")
    handles = [matplotlib.patches.Patch(color=gcol[g], label=lab)
               for g, lab in groups if g != "total"]
    ax.legend(handles=handles, frameon=False, loc="lower right")
    svg = svg_of(f)
    body, total_rows = [], []
    for r in rows:
        if r["is_total"]:
            total_rows.append(len(body))
        body.append([T(r["provider_group_da"]), T(r["provider_da"]),
                     fig(r, "persons"), fig(r, "share", "pct")])
    used = [r for r in rows if r["provider_group"] == "total"]
    notes = []
    if used:
        notes.append("Antal leverandører brugt i året: "
                     + fig(used[0], "providers_used").text() + ".")
    table = Table("Leverandører", "Borgere efter leverandør",
                  ["Leverandørgruppe", "Leverandør", "Borgere", "Andel"], body, total_rows)
    return Section("leverandoerer", cat["report_providers"]["title_da"],
                   cat["report_providers"]["period_da"], svg, [table], notes)


def scenario_da(r):
    """The scenario's label with the view's parameters in place of N."""
    lab = r["scenario_da"].replace("N måneder", f"{r['day_cap_months']} måneder")
    if r["scenario"] == "shift":
        lab += f" ({fmt_num(100 * float(r['day_to_ambulant_share']), 0)} %)"
    return lab


def section_costs(v, cat):
    rows = v["report_costs"]
    intens = [i for i in ordered(rows, "intensity", "intensity_order") if i[0] != "total"]
    groups = [g for g in ordered(rows, "provider_group", "provider_group_order") if g[0] != "total"]
    cell = {(r["intensity"], r["provider_group"]): fig(r, "cost", "mio") for r in rows}
    series = [(glab, [cell[(i, g)] for i, _l in intens]) for g, glab in groups]
    svg1 = grouped_bars([lab for _i, lab in intens], series, "Mio. kr.", "mio",
                        legend_title="Leverandørgruppe")
    body, total_rows = [], []
    for r in rows:
        if r["is_total"]:
            total_rows.append(len(body))
        body.append([T(r["intensity_da"]), T(r["provider_group_da"]), fig(r, "persons"),
                     fig(r, "days"), fig(r, "unpriced_days"), fig(r, "cost", "mio")])
    t1 = Table("Udgifter", "Udgifter efter indsats og leverandørgruppe",
               ["Indsats", "Leverandørgruppe", "Borgere", "Dage", "Dage uden takst",
                "Udgift, mio. kr."], body, total_rows)
    srows = v["report_cost_scenario"]
    f, ax = new_axes(7.0, 2.6)
    for y, r in enumerate(srows):
        c = fig(r, "cost", "mio")
        if c.number() is not None:
            ax.barh(y, c.number() / 1e6, color=COLOURS[0] if y == 0 else COLOURS[2], height=0.6)
            s = fig(r, "saving", "mio")
            if y > 0 and s.number() is not None:
                ax.annotate(f"besparelse {s.text()} mio. kr.", (c.number() / 1e6, y),
                            xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
        elif c.suppressed:
            mark_suppressed(ax, y, horizontal=True)
    ax.set_yticks(range(len(srows)))
    ax.set_yticklabels(wrap([scenario_da(r) for r in srows], 28))
    ax.invert_yaxis()
    ax.set_xlabel("Udgift, mio. kr.")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(right=ax.get_xlim()[1] * 1.35)
    svg2 = svg_of(f)
    body2 = [[T(scenario_da(r)), fig(r, "persons"), fig(r, "cost", "mio"),
              fig(r, "saving", "mio")] for r in srows]
    t2 = Table("Hvad nu hvis", "Udgift og besparelse i scenarierne",
               ["Scenarie", "Borgere", "Udgift, mio. kr.", "Besparelse, mio. kr."], body2)
    info = cat["report_costs"]
    sec = Section("udgifter", info["title_da"] + " og hvad nu hvis", info["period_da"],
                  svg1 + svg2, [t1, t2])
    if srows:
        sec.notes.append("Scenarierne: " + cat["report_cost_scenario"]["period_da"] + ".")
    return sec


def section_age_groups(v, cat):
    rows = v["report_age_groups"]
    measures = ordered(rows, "measure", "measure_order")
    ages = ordered(rows, "age_group", "age_group_order")
    subs = substance_labels(rows)
    tot = {(r["measure"], r["age_group"]): fig(r, "persons")
           for r in rows if r["substance_group"] == "total"}
    cats = [(a, lab) for a, lab in ages if a not in ("total",)]
    series = [(mlab, [tot[(m, a)] for a, _l in cats]) for m, mlab in measures]
    svg = grouped_bars([lab for _a, lab in cats], series, "Borgere")
    body, total_rows = [], []
    for m, mlab in measures:
        for a, alab in ages:
            cells = {r["substance_group"]: fig(r, "persons") for r in rows
                     if r["measure"] == m and r["age_group"] == a}
            if a in ("total", "under_30"):
                total_rows.append(len(body))
            body.append([T(mlab), T(alab)] + [cells[s] for s, _l in subs])
    table = Table("Unge og ældre", "Borgere efter alder og rusmiddel",
                  ["Mål", "Alder"] + [lab for _s, lab in subs], body, total_rows)
    notes = ["Dagsudtrækket tæller kommunens egne borgere. »Under 30 år« er en "
             "selvstændig celle (ikke summen af de to rækker over den)."]
    return Section("alder", cat["report_age_groups"]["title_da"],
                   cat["report_age_groups"]["period_da"], svg, [table], notes)


def section_occupancy(v, cat):
    rows = [r for r in v["report_occupancy"] if r["level"] == "total"]
    intens = [i for i in ordered(rows, "intensity", "intensity_order") if i[0] != "total"]
    months = [m for m in ordered(rows, "month", "month_order", "month") if m[0] != "total"]
    cell = {(r["month"], r["intensity"]): r for r in rows}
    f, ax = new_axes(7.0, 3.0)
    xs = list(range(len(months)))
    for i, (k, lab) in enumerate(intens):
        ys = [fig(cell[(m, k)], "avg_persons", "dec1").number() for m, _l in months]
        ys = [float("nan") if y is None else y for y in ys]
        ax.plot(xs, ys, marker="o", markersize=3, color=COLOURS[i], label=lab)
    ax.set_xticks(xs)
    ax.set_xticklabels([month_da(m).split()[0] for m, _l in months])
    ax.set_ylabel("Borgere i behandling i gennemsnit")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: fmt_num(v, 0)))
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    svg = svg_of(f)
    headers = ["Måned"]
    for _k, lab in intens:
        headers += [lab + ": borgere", lab + ": gns. pr. dag", lab + ": belægning"]
    body, total_rows = [], []
    for m, _l in ordered(rows, "month", "month_order", "month"):
        if m == "total":
            total_rows.append(len(body))
        line = [T("Hele året" if m == "total" else month_da(m))]
        for k, _lab in intens:
            r = cell[(m, k)]
            line += [fig(r, "persons"), fig(r, "avg_persons", "dec1"),
                     fig(r, "occupancy_share", "pct")]
        body.append(line)
    table = Table("Belægning", "Borgere og belægning pr. måned efter indsats (alle leverandører)",
                  headers, body, total_rows)
    notes = ["Belægning er gennemsnitligt antal borgere pr. dag i forhold til de aftalte "
             "pladser; – hvor der ikke er registreret pladser. Pladserne og tallene pr. "
             "leverandør står i CSV-filen report_occupancy.csv. Lodret akse: logaritmisk."]
    return Section("belaegning", cat["report_occupancy"]["title_da"],
                   cat["report_occupancy"]["period_da"], svg, [table], notes)


def section_provider_flow(v, cat):
    return matrix_section(v["report_provider_flow"], "from_group", "to_group", "leverandoerskift",
                          cat["report_provider_flow"], "Leverandørskift",
                          "Borgere efter skift fra (række) til (kolonne) leverandørgruppe",
                          "Til", "Fra", "Fra \\ til")


def section_outcomes(v, cat):
    rows = v["report_outcomes"]
    groups = [g for g in ordered(rows, "provider_group", "provider_group_order")]
    tot = {r["provider_group"]: r for r in rows if r["substance_group"] == "total"}
    cats = [lab for _g, lab in groups]
    series = [("Gennemført", [fig(tot[g], "completed_share", "pct") for g, _l in groups]),
              ("Afbrudt", [fig(tot[g], "dropped_out_share", "pct") for g, _l in groups])]
    svg = grouped_bars(cats, series, "Andel af forløb, %", "pct")
    body, total_rows = [], []
    for r in rows:
        if r["is_total"]:
            total_rows.append(len(body))
        body.append([T(r["provider_group_da"]), T(r["substance_group_da"]), fig(r, "persons"),
                     fig(r, "episodes"), fig(r, "completed_share", "pct"),
                     fig(r, "dropped_out_share", "pct"), fig(r, "median_days", "days"),
                     fig(r, "cost_per_person", "kr"), fig(r, "cost_per_completed", "kr")])
    table = Table("Resultater", "Resultater af forløb: egne tilbud og udbudte",
                  ["Leverandørgruppe", "Rusmiddel", "Borgere", "Forløb", "Gennemført",
                   "Afbrudt", "Median, dage", "Udgift pr. borger, kr.",
                   "Udgift pr. gennemført, kr."], body, total_rows)
    return Section("resultater", cat["report_outcomes"]["title_da"],
                   cat["report_outcomes"]["period_da"], svg, [table])


SECTIONS = [section_census, section_monthly, section_flow, section_durations,
            section_transitions, section_day_treatment, section_guarantee,
            section_providers, section_costs, section_age_groups, section_occupancy,
            section_provider_flow, section_outcomes]

# ------------------------------------------------------------------ output

CSS = """
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #222;
       max-width: 58rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 17pt; margin-bottom: 0.2rem; }
h2 { font-size: 13pt; margin: 0 0 0.1rem 0; border-bottom: 2px solid #1f5f8b; }
.period { color: #555; margin: 0 0 0.6rem 0; }
.lead { color: #333; }
section { margin-top: 2.2rem; }
svg.chart { display: block; width: 100%; height: auto; margin: 0.4rem 0; }
table { border-collapse: collapse; margin: 0.6rem 0 0.4rem 0; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.2rem; }
th, td { padding: 1px 7px; border-bottom: 1px solid #ddd; }
th { background: #eef3f7; vertical-align: bottom; text-align: right; }
th.t, td.t { text-align: left; }
td.t { white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.x { color: #b00000; }
tr.total td { font-weight: bold; background: #f7f7f7; }
.note { font-size: 8.5pt; color: #444; max-width: 48rem; }
.box { border: 1px solid #bbb; background: #fafafa; padding: 0.5rem 0.8rem; font-size: 9pt; }
nav ol { columns: 2; font-size: 9.5pt; }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
  section { break-before: page; margin-top: 0; }
  tr, svg.chart { break-inside: avoid; }
  nav a { color: inherit; text-decoration: none; }
}
"""


def html_table(t):
    out = [f"<table><caption>{html.escape(t.caption)}</caption><thead><tr>"]
    kinds = [c.kind for c in t.rows[0]] if t.rows else ["text"] * len(t.headers)
    for h, k in zip(t.headers, kinds):
        out.append(f'<th class="{"t" if k == "text" else "n"}">{html.escape(h)}</th>')
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(t.rows):
        out.append('<tr class="total">' if i in t.total_rows else "<tr>")
        for c in row:
            cls = "t" if c.kind == "text" else ("n x" if c.suppressed else "n")
            title = ' title="diskretioneret"' if c.suppressed else ""
            out.append(f'<td class="{cls}"{title}>{html.escape(c.text())}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def explanation(meta):
    k = meta["min_cell_count"]
    return (
        f"<p><b>Sådan læses tallene.</b> <b>x</b> betyder diskretioneret: tallet er "
        f"mellem 1 og {k - 1} borgere efter støj og vises ikke (hverken i tabellen "
        f"eller i figuren). <b>0</b> betyder ingen borgere (eller et tal under 1 efter "
        f"støj). <b>–</b> betyder, at tallet ikke kan beregnes. Alle tal om borgere har "
        f"en lille tilfældig, men fast støj (standardafvigelse "
        f"{fmt_num(meta['noise_sd'], 1)}): det samme spørgsmål giver altid det samme "
        f"tal, men intet tal kan bruges til at genkende en enkelt borger. Derfor er "
        f"totaler og subtotaler selvstændige tal, og de behøver ikke at være lig med "
        f"summen af rækkerne. Andele er regnet af de offentliggjorte tal; beløb og "
        f"dage har støj efter samme princip. Fede rækker er totaler.</p>")


def write_html(path, sections, meta):
    title = meta["title"]
    parts = ["<!DOCTYPE html>", '<html lang="da"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
             f"<header><h1>{html.escape(title)}</h1>",
             f'<p class="period">{html.escape(meta["subtitle"])}</p>',
             f'<div class="box">{explanation(meta)}</div>',
             "<nav><p><b>Indhold</b></p><ol>"]
    for s in sections:
        parts.append(f'<li><a href="#{s.sid}">{html.escape(s.title)}</a></li>')
    parts.append("</ol></nav></header><main>")
    for n, s in enumerate(sections, 1):
        parts.append(f'<section id="{s.sid}"><h2>{n}. {html.escape(s.title)}</h2>')
        parts.append(f'<p class="period">{html.escape(s.period)}</p>')
        parts.append(s.svg)
        for t in s.tables:
            parts.append(html_table(t))
        for note in s.notes:
            parts.append(f'<p class="note">{html.escape(note)}</p>')
        parts.append("</section>")
    parts.append(f'<footer><p class="note">Dannet {html.escape(meta["made"])} af treg '
                 f"fra rapportvisningerne treg.report_*. Regnearket report.xlsx har "
                 f"de samme tabeller; CSV-filerne har visningerne med koder.</p>"
                 f"</footer></main></body></html>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


def sheet_name(name, used):
    name = re.sub(r"[\[\]:*?/\\]", "-", name)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


XLSX_FORMATS = {"int": "#,##0", "days": "#,##0", "dec1": "#,##0.0", "pct": "0.0%",
                "pct0": "0%",
                "mio": "#,##0", "kr": "#,##0"}


def write_xlsx(path, sections, meta):
    wb = Workbook()
    about = wb.active
    about.title = "Om tallene"
    about["A1"] = meta["title"]
    about["A1"].font = Font(bold=True, size=14)
    about["A2"] = meta["subtitle"]
    text = re.sub(r"<[^>]+>", "", explanation(meta))
    about["A4"] = text
    about["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 110
    about.row_dimensions[4].height = 120
    about["A6"] = "Ark"
    about["A6"].font = Font(bold=True)
    used = {"Om tallene"}
    row_no = 7
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="EEF3F7")
    x_font = Font(color="B00000")
    for s in sections:
        for t in s.tables:
            ws = wb.create_sheet(sheet_name(t.sheet, used))
            about.cell(row=row_no, column=1, value=f"{ws.title}: {s.title} – {t.caption}")
            row_no += 1
            ws["A1"] = f"{s.title}: {t.caption}"
            ws["A1"].font = Font(bold=True, size=12)
            ws["A2"] = s.period + ". x = diskretioneret (1–4 borgere efter støj)."
            for j, h in enumerate(t.headers, 1):
                c = ws.cell(row=4, column=j, value=h)
                c.font, c.fill = bold, head_fill
                c.alignment = Alignment(wrap_text=True, vertical="bottom",
                                        horizontal="left" if j <= 2 else "right")
            for i, row in enumerate(t.rows):
                for j, cell in enumerate(row, 1):
                    xc = ws.cell(row=5 + i, column=j)
                    if cell.kind == "text":
                        xc.value = cell.value
                    elif cell.value is None:
                        if cell.suppressed:
                            xc.value = "x"
                            xc.font = x_font
                            xc.comment = Comment(SUPPRESSED_NOTE, "treg")
                            xc.alignment = Alignment(horizontal="right")
                    else:
                        v = float(cell.value)
                        if cell.kind == "mio":
                            v = round(v / 1e6, 1)
                            xc.number_format = "#,##0.0"
                        else:
                            xc.number_format = XLSX_FORMATS[cell.kind]
                        xc.value = int(v) if v.is_integer() and cell.kind not in ("pct", "pct0") else v
                    if i in t.total_rows:
                        xc.font = Font(bold=True, color="B00000" if cell.suppressed else None)
            for j, h in enumerate(t.headers, 1):
                width = max([len(h) if len(h) < 18 else 14] +
                            [len(r[j - 1].text()) for r in t.rows]) + 2
                ws.column_dimensions[get_column_letter(j)].width = min(max(width, 8), 40)
            ws.row_dimensions[4].height = 30
            ws.freeze_panes = "A5"
    wb.save(path)


def write_csvs(directory, views):
    for name, (columns, rows) in views.items():
        with open(os.path.join(directory, name + ".csv"), "w", encoding="utf-8",
                  newline="") as f:
            w = csv.writer(f)  # RFC 4180: comma, double quotes, CRLF
            w.writerow(columns)
            for r in rows:
                w.writerow(["" if r[c] is None else
                            ("true" if r[c] is True else "false" if r[c] is False else r[c])
                            for c in columns])


def municipality_name(code):
    with open(os.path.join(HERE, "kommuner.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if int(r["kommunekode"]) == int(code):
                return r["navn"]
    return f"kommune {code}"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: committee_report.py DIR")
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    conn = psycopg2.connect("")
    conn.set_session(readonly=True)
    cur = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
    raw = {}
    for name in VIEWS:
        cur.execute(f"SELECT * FROM treg.{name}")
        raw[name] = ([d.name for d in cur.description], [dict(r) for r in cur.fetchall()])
    conn.close()
    views = {k: rows for k, (_c, rows) in raw.items()}
    cat = {r["view_name"]: r for r in views["report_catalog"]}
    any_row = views["report_catalog"][0]
    name = municipality_name(any_row["home_municipality"])
    as_of = any_row["as_of_date"]
    meta = {
        "title": f"Rusmiddelbehandling i {name} Kommune – rapport til udvalget, "
                 f"{date_da(as_of)}",
        "subtitle": f"Opgjort pr. {date_da(as_of)}; opgørelsesåret er "
                    f"{any_row['report_year']}. Kommunekode {any_row['home_municipality']}.",
        "min_cell_count": any_row["min_cell_count"],
        "noise_sd": any_row["noise_sd"],
        "made": date_da(datetime.date.today()),
        "municipality": name,
    }
    sections = [make(views, cat) for make in SECTIONS]
    write_html(os.path.join(directory, "report.html"), sections, meta)
    write_xlsx(os.path.join(directory, "report.xlsx"), sections, meta)
    write_csvs(directory, raw)
    print(f"treg export: report.html ({len(sections)} sections), report.xlsx "
          f"({sum(len(s.tables) for s in sections)} tables) and {len(raw)} CSV files in "
          f"{directory}")


if __name__ == "__main__":
    main()
