-- The committee report as text, printed by tools/demo.sh (tools/export.sh
-- writes it as HTML, PDF, xlsx and CSV).  Reads the reporting views
-- (settings in treg.report_config) and prints their Danish labels; numbers
-- in Danish format; "x" marks a suppressed figure (1 to k-1 after noise),
-- "–" a figure that cannot be computed, 0 an empty cell.  Figures carry
-- small fixed noise: totals need not equal the sum of the rows.
\pset footer off
SET search_path = treg, public;

-- one published figure as text: x when suppressed, – when not defined
CREATE FUNCTION pg_temp.cell(v numeric, suppressed boolean, decimals integer DEFAULT 0)
	RETURNS text LANGUAGE sql IMMUTABLE
	RETURN CASE WHEN suppressed THEN 'x' WHEN v IS NULL THEN '–' ELSE treg.format_da(v, decimals) END;
CREATE FUNCTION pg_temp.pct(v numeric, suppressed boolean)
	RETURNS text LANGUAGE sql IMMUTABLE
	RETURN CASE WHEN suppressed THEN 'x' WHEN v IS NULL THEN '–' ELSE treg.format_da(100 * v, 1) || ' %' END;
CREATE FUNCTION pg_temp.mio(v numeric, suppressed boolean)
	RETURNS text LANGUAGE sql IMMUTABLE
	RETURN CASE WHEN suppressed THEN 'x' WHEN v IS NULL THEN '–' ELSE treg.format_dkk(v, 'mio', 1) END;

SELECT format('Rapport for kommune %s — opgjort pr. %s, opgørelsesår %s (x = diskretioneret: 1-%s borgere efter støj; tallene har støj, totaler er ikke summer)',
	home_municipality, to_char(as_of_date, 'DD.MM.YYYY'), report_year, min_cell_count - 1) AS " "
FROM treg.report_catalog WHERE view_name = 'report_census';

\echo '1. Indskrevne borgere på opgørelsesdagen efter bopæl, alder og rusmiddel'
SELECT r.residence_da AS "Bopæl", r.age_band_da AS "Alder",
	   max(pg_temp.cell(r.persons, r.suppressed)) FILTER (WHERE r.substance_group = 'alcohol') AS "Alkohol",
	   max(pg_temp.cell(r.persons, r.suppressed)) FILTER (WHERE r.substance_group = 'non_opioid') AS "Hash, kokain mv.",
	   max(pg_temp.cell(r.persons, r.suppressed)) FILTER (WHERE r.substance_group = 'opioid') AS "Opioider",
	   max(pg_temp.cell(r.persons, r.suppressed)) FILTER (WHERE r.substance_group = 'total') AS "I alt"
FROM treg.report_census r
GROUP BY r.residence, r.residence_da, r.age_band, r.age_band_da, r.age_band_order
ORDER BY CASE r.residence WHEN 'own' THEN 1 WHEN 'other' THEN 2 ELSE 3 END, r.age_band_order;

\echo '2. Nyindskrevne, udskrevne og borgere i behandling i året efter rusmiddel og indsats'
SELECT f.measure_da AS "Mål", f.substance_group_da AS "Rusmiddel",
	   max(pg_temp.cell(f.persons, f.suppressed)) FILTER (WHERE f.intensity = 'ambulant') AS "Ambulant",
	   max(pg_temp.cell(f.persons, f.suppressed)) FILTER (WHERE f.intensity = 'dag') AS "Dag",
	   max(pg_temp.cell(f.persons, f.suppressed)) FILTER (WHERE f.intensity = 'døgn') AS "Døgn",
	   max(pg_temp.cell(f.persons, f.suppressed)) FILTER (WHERE f.intensity = 'unknown') AS "Ukendt",
	   max(pg_temp.cell(f.persons, f.suppressed)) FILTER (WHERE f.intensity = 'total') AS "I alt"
FROM treg.report_flow f
GROUP BY f.measure, f.measure_da, f.measure_order, f.substance_group, f.substance_group_da
ORDER BY f.measure_order, f.substance_group = 'total', f.substance_group;

\echo '3. Forløbenes varighed (Kaplan-Meier, åbne forløb censureret), dage'
SELECT d.substance_group_da AS "Rusmiddel", d.entry_intensity_da AS "Indsats ved start",
	   pg_temp.cell(d.persons, d.persons_suppressed) AS "Borgere",
	   pg_temp.cell(d.episodes, d.episodes_suppressed) AS "Forløb",
	   pg_temp.pct(d.open_share, d.open_share_suppressed) AS "Åbne",
	   pg_temp.cell(d.q25_days, d.q25_days_suppressed) AS "25 %",
	   pg_temp.cell(d.median_days, d.median_days_suppressed) AS "Median",
	   pg_temp.cell(d.q75_days, d.q75_days_suppressed) AS "75 %"
FROM treg.report_durations d;

\echo '4. Skift mellem indsatsniveauer i året (borgere)'
SELECT t.from_state_da AS "Fra",
	   max(pg_temp.cell(t.persons, t.suppressed)) FILTER (WHERE t.to_state = 'ambulant') AS "Ambulant",
	   max(pg_temp.cell(t.persons, t.suppressed)) FILTER (WHERE t.to_state = 'dag') AS "Dag",
	   max(pg_temp.cell(t.persons, t.suppressed)) FILTER (WHERE t.to_state = 'døgn') AS "Døgn",
	   max(pg_temp.cell(t.persons, t.suppressed)) FILTER (WHERE t.to_state = 'exit') AS "Udskrivning",
	   max(pg_temp.cell(t.persons, t.suppressed)) FILTER (WHERE t.to_state = 'total') AS "I alt"
FROM treg.report_transitions t
GROUP BY t.from_state, t.from_state_da, t.from_state_order
ORDER BY t.from_state_order;
SELECT d.measure_da AS "Mål", d.category_da AS "Kategori", pg_temp.cell(d.persons, d.suppressed) AS "Borgere"
FROM treg.report_day_treatment d;

\echo '5. Behandlingsgaranti (14 dage) og straksbehandling'
SELECT g.track_da AS "Spor", CASE WHEN g.month = 'total' THEN 'I alt' ELSE g.month END AS "Måned",
	   pg_temp.cell(g.requests, g.requests_suppressed) AS "Anmodninger",
	   pg_temp.cell(g.met_14_days, g.met_14_days_suppressed) AS "Inden for 14 dage",
	   pg_temp.cell(g.not_met_14_days, g.not_met_14_days_suppressed) AS "Efter 14 dage",
	   pg_temp.cell(g.waived, g.waived_suppressed) AS "Fravalgt",
	   pg_temp.pct(g.share_met_14_days, g.share_met_14_days_suppressed) AS "14 dage, andel",
	   pg_temp.pct(g.share_met_straks, g.share_met_straks_suppressed) AS "Straks, andel"
FROM treg.report_guarantee g;

\echo '6. Borgere efter leverandør'
SELECT p.provider_group_da AS "Leverandørgruppe", p.provider_da AS "Leverandør",
	   pg_temp.cell(p.persons, p.persons_suppressed) AS "Borgere",
	   pg_temp.pct(p.share, p.share_suppressed) AS "Andel"
FROM treg.report_providers p;
SELECT pg_temp.cell(p.providers_used, p.providers_used_suppressed) AS "Antal leverandører brugt"
FROM treg.report_providers p WHERE p.provider_group = 'total';

\echo '7. Udgifter efter takst, og hvad nu hvis'
SELECT c.intensity_da AS "Indsats", c.provider_group_da AS "Leverandørgruppe",
	   pg_temp.cell(c.persons, c.persons_suppressed) AS "Borgere",
	   pg_temp.cell(c.days, c.days_suppressed) AS "Dage",
	   pg_temp.mio(c.cost, c.cost_suppressed) AS "Udgift"
FROM treg.report_costs c;
SELECT s.scenario_da AS "Scenarie", pg_temp.mio(s.cost, s.cost_suppressed) AS "Udgift",
	   pg_temp.mio(s.saving, s.saving_suppressed) AS "Besparelse"
FROM treg.report_cost_scenario s;

\echo '8. Unge og ældre: indskrevne egne borgere på dagen og nyindskrevne i året'
SELECT a.measure_da AS "Mål", a.age_group_da AS "Alder",
	   max(pg_temp.cell(a.persons, a.suppressed)) FILTER (WHERE a.substance_group = 'alcohol') AS "Alkohol",
	   max(pg_temp.cell(a.persons, a.suppressed)) FILTER (WHERE a.substance_group = 'non_opioid') AS "Hash, kokain mv.",
	   max(pg_temp.cell(a.persons, a.suppressed)) FILTER (WHERE a.substance_group = 'opioid') AS "Opioider",
	   max(pg_temp.cell(a.persons, a.suppressed)) FILTER (WHERE a.substance_group = 'total') AS "I alt"
FROM treg.report_age_groups a
GROUP BY a.measure, a.measure_da, a.measure_order, a.age_group, a.age_group_da, a.age_group_order
ORDER BY a.measure_order, a.age_group_order;

\echo '9. Belægning: gennemsnitligt antal borgere pr. dag (alle leverandører)'
SELECT CASE WHEN o.month = 'total' THEN 'Hele året' ELSE o.month END AS "Måned",
	   max(pg_temp.cell(o.avg_persons, o.avg_persons_suppressed, 1)) FILTER (WHERE o.intensity = 'ambulant') AS "Ambulant",
	   max(pg_temp.cell(o.avg_persons, o.avg_persons_suppressed, 1)) FILTER (WHERE o.intensity = 'dag') AS "Dag",
	   max(pg_temp.cell(o.avg_persons, o.avg_persons_suppressed, 1)) FILTER (WHERE o.intensity = 'døgn') AS "Døgn",
	   max(pg_temp.pct(o.occupancy_share, o.occupancy_share_suppressed)) FILTER (WHERE o.intensity = 'døgn') AS "Døgn, belægning"
FROM treg.report_occupancy o
WHERE o.level = 'total'
GROUP BY o.month, o.month_order
ORDER BY o.month_order;

\echo '10. Skift mellem leverandørgrupper i året (borgere)'
SELECT f.from_group_da AS "Fra", f.to_group_da AS "Til", pg_temp.cell(f.persons, f.suppressed) AS "Borgere"
FROM treg.report_provider_flow f;

\echo '11. Resultater af forløb: egne tilbud og udbudte'
SELECT o.provider_group_da AS "Leverandørgruppe", o.substance_group_da AS "Rusmiddel",
	   pg_temp.cell(o.persons, o.persons_suppressed) AS "Borgere",
	   pg_temp.pct(o.completed_share, o.completed_share_suppressed) AS "Gennemført",
	   pg_temp.pct(o.dropped_out_share, o.dropped_out_share_suppressed) AS "Afbrudt",
	   pg_temp.cell(o.median_days, o.median_days_suppressed) AS "Median, dage",
	   pg_temp.cell(o.cost_per_person, o.cost_per_person_suppressed) AS "Udgift pr. borger, kr."
FROM treg.report_outcomes o;
