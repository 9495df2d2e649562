/*
 * The catalogue of the reports: what each report view is, in Danish and
 * English, its period and as-of date and the protection in force
 * (treg.report_catalog), and the Danish/English comment on every column
 * of every report view.
 */

CREATE TABLE treg.report_info (
	view_name varchar(63) PRIMARY KEY,
	title_da varchar(200) NOT NULL,
	title_en varchar(200) NOT NULL,
	period_da varchar(200) NOT NULL,
	sort_order integer NOT NULL
);
COMMENT ON TABLE treg.report_info IS 'rapporternes titler og perioder / titles and periods of the report views (filled by the install script)';
COMMENT ON COLUMN treg.report_info.view_name IS 'name of the report view in schema treg';
COMMENT ON COLUMN treg.report_info.title_da IS 'Danish title';
COMMENT ON COLUMN treg.report_info.title_en IS 'English title';
COMMENT ON COLUMN treg.report_info.period_da IS 'the period of the view, in Danish, with placeholders filled by report_catalog';
COMMENT ON COLUMN treg.report_info.sort_order IS 'order of the report in the committee report';

/*
 * Comment every column of a report view from a text with one line per
 * column: "column | Danish | English".  The comment is "Danish / English".
 * Used by the install script; an unknown column is an error.
 */
CREATE FUNCTION treg.document_columns(view_name regclass, docs text)
	RETURNS void
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	line text;
	parts text[];
BEGIN
	FOREACH line IN ARRAY regexp_split_to_array(btrim(docs, E' \n\t'), E'\n')
	LOOP
		parts := regexp_split_to_array(line, E'\\s*\\|\\s*');
		IF cardinality(parts) <> 3 THEN
			RAISE EXCEPTION 'column documentation line must have three parts: "%"', line
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
		EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', view_name, btrim(parts[1]),
					   btrim(parts[2]) || ' / ' || btrim(parts[3]));
	END LOOP;
END
$fn$;
REVOKE ALL ON FUNCTION treg.document_columns(regclass, text) FROM PUBLIC;
COMMENT ON FUNCTION treg.document_columns(regclass, text) IS 'comment the columns of a view from lines "column | Danish | English" (install script)';
