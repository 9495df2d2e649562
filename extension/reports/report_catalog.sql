/* The catalogue of the report views. */

CREATE VIEW treg.report_catalog AS
SELECT i.view_name::varchar(63) AS view_name, i.title_da::varchar(200) AS title_da,
	   i.title_en::varchar(200) AS title_en,
	   replace(replace(i.period_da, '{as_of}', to_char(s.report_date, 'DD.MM.YYYY')),
			   '{year}', s.report_year::text)::varchar(200) AS period_da,
	   s.report_date AS as_of_date, s.report_year, s.home_municipality::integer AS home_municipality,
	   s.min_cell_count, s.noise_sd::numeric(4, 2) AS noise_sd, true AS perturbed, i.sort_order
FROM treg.report_info i CROSS JOIN treg.report_settings() s
ORDER BY i.sort_order, i.view_name;
COMMENT ON VIEW treg.report_catalog IS 'Rapportoversigt: hver rapport med dansk titel, periode, opgørelsesdato og den beskyttelse, der gælder / catalogue of the report views with their Danish title, period, as-of date and the protection in force';
SELECT treg.document_columns('treg.report_catalog', $$
view_name | Rapportens view i skema treg | Report view in schema treg
title_da | Titel | Danish title
title_en | Titel på engelsk | English title
period_da | Periode | Period (Danish)
as_of_date | Opgørelsesdato: registret som det så ud denne dag | As-of date: the registry as it stood that day
report_year | Rapportår | Report year
home_municipality | Kommunekode for egen kommune | Municipality code of the registry's own municipality
min_cell_count | k: tal fra 1 til k-1 skjules | k: figures from 1 to k-1 are suppressed
noise_sd | Standardafvigelse af støjen på tallene | Standard deviation of the noise on the figures
perturbed | Sand: tallene har tilfældig, fast støj | True: the figures carry fixed random noise
sort_order | Rækkefølge i udvalgsrapporten | Order in the committee report
$$);
