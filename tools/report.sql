-- The committee report (Socialudvalget), printed by tools/demo.sh.
-- Reads the reporting views (settings in treg.report_config); numbers in
-- Danish format; "x" marks a suppressed cell (diskretioneret), 0 an empty one.
\if :{?hopen}
\else
\set hopen ''
\set hclose ''
\endif
\pset footer off
\pset null 'x'
SET search_path = treg, public;

SELECT format('Rapport for kommune %s — dagsudtræk %s, år %s',
	home_municipality, to_char(report_date, 'DD.MM.YYYY'), report_year) AS " "
FROM treg.report_settings();

\echo :hopen '1. Dagsudtræk: indskrevne borgere efter alder og rusmiddel (x = diskretioneret, under 5 eller afslørbar)' :hclose
SELECT CASE r.residence WHEN 'own' THEN 'Egne borgere' WHEN 'other' THEN 'Udenbysborgere' ELSE 'I alt' END AS "Bopæl",
	   coalesce(r.age_band, 'I alt') AS "Alder",
	   CASE WHEN bool_or(r.substance_group = 'alcohol') THEN treg.format_da(max(r.persons) FILTER (WHERE r.substance_group = 'alcohol')) ELSE '0' END AS "Alkohol",
	   CASE WHEN bool_or(r.substance_group = 'non_opioid') THEN treg.format_da(max(r.persons) FILTER (WHERE r.substance_group = 'non_opioid')) ELSE '0' END AS "Hash, kokain mv.",
	   CASE WHEN bool_or(r.substance_group = 'opioid') THEN treg.format_da(max(r.persons) FILTER (WHERE r.substance_group = 'opioid')) ELSE '0' END AS "Opioider",
	   CASE WHEN bool_or(r.substance_group IS NULL) THEN treg.format_da(max(r.persons) FILTER (WHERE r.substance_group IS NULL)) ELSE '0' END AS "I alt"
FROM treg.report_census r
GROUP BY r.residence, r.age_band
ORDER BY r.residence NULLS LAST, r.age_band NULLS LAST;

\echo :hopen '2. Flow i året: borgere efter rusmiddel og intensitet' :hclose
SELECT CASE f.measure WHEN 'new_enrolments' THEN 'Nyindskrevne' WHEN 'discharges' THEN 'Udskrevne' ELSE 'I behandling' END AS "Mål",
	   CASE f.substance_group WHEN 'alcohol' THEN 'Alkohol' WHEN 'non_opioid' THEN 'Hash, kokain mv.'
		   WHEN 'opioid' THEN 'Opioider' ELSE 'I alt' END AS "Rusmiddel",
	   CASE WHEN bool_or(f.intensity = 'ambulant') THEN treg.format_da(max(f.persons) FILTER (WHERE f.intensity = 'ambulant')) ELSE '0' END AS "Ambulant",
	   CASE WHEN bool_or(f.intensity = 'dag') THEN treg.format_da(max(f.persons) FILTER (WHERE f.intensity = 'dag')) ELSE '0' END AS "Dag",
	   CASE WHEN bool_or(f.intensity = 'døgn') THEN treg.format_da(max(f.persons) FILTER (WHERE f.intensity = 'døgn')) ELSE '0' END AS "Døgn",
	   CASE WHEN bool_or(f.intensity IS NULL) THEN treg.format_da(max(f.persons) FILTER (WHERE f.intensity IS NULL)) ELSE '0' END AS "I alt"
FROM treg.report_flow f
GROUP BY f.measure, f.substance_group
ORDER BY min(CASE f.measure WHEN 'new_enrolments' THEN 1 WHEN 'discharges' THEN 2 ELSE 3 END), f.substance_group NULLS LAST;

\echo :hopen '3. Varighed af forløb (Kaplan-Meier, åbne forløb censureret), dage' :hclose
SELECT CASE d.substance_group WHEN 'alcohol' THEN 'Alkohol' WHEN 'non_opioid' THEN 'Hash, kokain mv.'
		   WHEN 'opioid' THEN 'Opioider' ELSE 'I alt' END AS "Rusmiddel",
	   coalesce(d.entry_intensity, 'I alt') AS "Intensitet ved start",
	   treg.format_da(d.persons) AS "Borgere", treg.format_da(d.episodes) AS "Forløb",
	   treg.format_da(100 * d.open_share, 1) AS "Åbne %",
	   treg.format_da(d.q25_days) AS "25 %", treg.format_da(d.median_days) AS "Median",
	   treg.format_da(d.q75_days) AS "75 %"
FROM treg.report_durations d;

\echo :hopen '4. Overgange mellem intensiteter i året (borgere)' :hclose
SELECT coalesce(t.from_intensity, 'I alt') AS "Fra",
	   CASE WHEN bool_or(t.to_intensity = 'ambulant') THEN treg.format_da(max(t.persons) FILTER (WHERE t.to_intensity = 'ambulant')) ELSE '0' END AS "Ambulant",
	   CASE WHEN bool_or(t.to_intensity = 'dag') THEN treg.format_da(max(t.persons) FILTER (WHERE t.to_intensity = 'dag')) ELSE '0' END AS "Dag",
	   CASE WHEN bool_or(t.to_intensity = 'døgn') THEN treg.format_da(max(t.persons) FILTER (WHERE t.to_intensity = 'døgn')) ELSE '0' END AS "Døgn",
	   CASE WHEN bool_or(t.to_intensity = 'exit') THEN treg.format_da(max(t.persons) FILTER (WHERE t.to_intensity = 'exit')) ELSE '0' END AS "Udskrevet",
	   CASE WHEN bool_or(t.to_intensity IS NULL) THEN treg.format_da(max(t.persons) FILTER (WHERE t.to_intensity IS NULL)) ELSE '0' END AS "I alt"
FROM treg.report_transitions t
GROUP BY t.from_intensity ORDER BY t.from_intensity NULLS LAST;
SELECT CASE d.measure WHEN 'step_down' THEN 'Dagbehandling startet: trin ned til ambulant'
		   ELSE 'Dagbehandling afsluttet' END AS "Mål",
	   coalesce(d.category, 'I alt') AS "Kategori", treg.format_da(d.persons) AS "Borgere"
FROM treg.report_day_treatment d;

\echo :hopen '5. Behandlingsgaranti (14 dage) og straksbehandling (næste hverdag)' :hclose
SELECT CASE g.track WHEN 'alcohol' THEN 'Alkohol' WHEN 'drugs' THEN 'Stoffer' ELSE 'I alt' END AS "Spor",
	   coalesce(g.month, 'I alt') AS "Måned", treg.format_da(g.requests) AS "Anmodninger",
	   treg.format_da(g.met_14_days) AS "Overholdt", treg.format_da(g.not_met_14_days) AS "Ikke overholdt",
	   treg.format_da(g.waived) AS "Fravalgt",
	   treg.format_da(100 * g.share_met_14_days, 1) AS "Overholdt %",
	   treg.format_da(100 * g.share_met_straks, 1) AS "Straks %"
FROM treg.report_guarantee g;

\echo :hopen '6. Leverandører: borgere pr. behandlingssted' :hclose
SELECT CASE p.provider_group WHEN 'internal' THEN 'Egne' WHEN 'external' THEN 'Eksterne' ELSE 'I alt' END AS "Type",
	   CASE p.provider WHEN 'subtotal' THEN 'I alt' WHEN 'total' THEN 'I alt' ELSE p.provider END
	   || CASE WHEN p.partner THEN ' (samarbejdspartner)' ELSE '' END AS "Leverandør",
	   treg.format_da(p.persons) AS "Borgere", treg.format_da(100 * p.share, 1) AS "Andel %"
FROM treg.report_providers p;
SELECT treg.format_da(max(providers_used)) AS "Antal leverandører brugt" FROM treg.report_providers;

\echo :hopen '7. Udgifter efter takst, og hvad nu hvis' :hclose
SELECT coalesce(c.intensity, 'I alt') AS "Intensitet",
	   CASE c.provider_group WHEN 'internal' THEN 'Egne' WHEN 'external' THEN 'Eksterne' ELSE 'I alt' END AS "Leverandør",
	   treg.format_da(c.persons) AS "Borgere", treg.format_da(c.days) AS "Dage",
	   treg.format_dkk(c.cost, 'mio', 1) AS "Udgift"
FROM treg.report_costs c;
SELECT CASE s.scenario WHEN 'baseline' THEN 'Nuværende'
		   WHEN 'cap' THEN 'Dagbehandling højst 6 mdr., derefter ambulant'
		   WHEN 'shift' THEN 'Halvdelen af dagbehandlingsstarter ambulant i stedet'
		   ELSE 'Begge dele' END AS "Scenarie",
	   treg.format_dkk(s.cost, 'mio', 1) AS "Udgift", treg.format_dkk(s.saving, 'mio', 1) AS "Besparelse"
FROM treg.report_cost_scenario s;

\echo :hopen '8. Unge og ældre: dagsudtræk (egne borgere) og nyindskrevne i året' :hclose
SELECT CASE a.measure WHEN 'census' THEN 'Dagsudtræk' ELSE 'Nyindskrevne' END AS "Mål",
	   CASE a.age_group WHEN 'under 18' THEN 'Under 18' WHEN 'under 30' THEN 'Under 30'
		   WHEN 'unknown' THEN 'Ukendt' ELSE coalesce(a.age_group, 'I alt') END AS "Alder",
	   CASE WHEN bool_or(a.substance_group = 'alcohol') THEN treg.format_da(max(a.persons) FILTER (WHERE a.substance_group = 'alcohol')) ELSE '0' END AS "Alkohol",
	   CASE WHEN bool_or(a.substance_group = 'non_opioid') THEN treg.format_da(max(a.persons) FILTER (WHERE a.substance_group = 'non_opioid')) ELSE '0' END AS "Hash, kokain mv.",
	   CASE WHEN bool_or(a.substance_group = 'opioid') THEN treg.format_da(max(a.persons) FILTER (WHERE a.substance_group = 'opioid')) ELSE '0' END AS "Opioider",
	   CASE WHEN bool_or(a.substance_group IS NULL) THEN treg.format_da(max(a.persons) FILTER (WHERE a.substance_group IS NULL)) ELSE '0' END AS "I alt"
FROM treg.report_age_groups a
GROUP BY a.measure, a.age_group
ORDER BY a.measure, CASE a.age_group WHEN 'under 18' THEN 1 WHEN '18-29' THEN 2 WHEN 'under 30' THEN 3
	WHEN '30-64' THEN 4 WHEN '65+' THEN 5 WHEN 'unknown' THEN 6 ELSE 7 END;
