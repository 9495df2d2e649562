-- ICU text: name keys and Danish number formats
SET search_path = treg, public;

-- spellings of one provider meet in one key
SELECT s, name_key(s) FROM (VALUES
	('Albertslund Rusmiddelcenter'),
	(' ALBERTSLUND  rusmiddelcenter.'),
	(E'Rusmiddelcenter \u00c5rhus'),         -- precomposed Å
	(E'Rusmiddelcenter A\u030arhus'),        -- A + combining ring above
	('Rusmiddelcenter Aarhus'),
	('RUSMIDDELCENTER ÅRHUS'),
	('Høje-Taastrup Kommune'),
	('Høje Taastrup   kommune'),
	('Ærø'),
	('Café "Lyngby", Sankt Hans'),
	(E'ﬁne\tTab\nNewline'),                  -- ligature and control blanks
	(''), ('...')) v(s);
SELECT count(DISTINCT name_key(s)) FROM (VALUES
	('Rusmiddelcenter Århus'), (E'Rusmiddelcenter A\u030arhus'),
	('Rusmiddelcenter Aarhus'), ('rusmiddelcenter  AARHUS.')) v(s);

-- numbers as Danes write them
SELECT x, format_da(x) FROM unnest('{31735,33.5,33.50,0,-0.25,-31735,1234567.891,1000,999,0.000001}'::numeric[]) x;
SELECT x, format_da(x, 0) AS d0, format_da(x, 1) AS d1, format_da(x, 2) AS d2
FROM unnest('{0,2.5,-2.5,0.05,-1234567.891,31735}'::numeric[]) x;
SELECT format_da(1, -1);
SELECT format_da(1, 21);
SELECT format_da('NaN');

-- amounts in kroner
SELECT x, format_dkk(x, 'kr') AS kr, format_dkk(x, 'tkr') AS tkr,
       format_dkk(x, 'mio') AS mio, format_dkk(x, 'mia') AS mia
FROM unnest('{600000,33500000,31735000,-1200000,0,1234567890.5}'::numeric[]) x;
SELECT format_dkk(28200000, 'mio', 2), format_dkk(600000.5, 'kr', 2);
SELECT format_dkk(1, 'euro');
SELECT format_dkk('Infinity', 'kr');
