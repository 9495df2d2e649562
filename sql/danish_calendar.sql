-- Danish calendar: Easter, holidays, working days, treatment guarantee
SET search_path = treg, public;
SET datestyle = ISO, YMD;

-- Easter Sunday: known dates, and the extreme years of the date type
SELECT y, easter(y) FROM unnest(ARRAY[1583, 1818, 1961, 2000, 2008, 2011, 2019, 2024, 2025, 2038, 2285, 9999, 5874897]) y;
SELECT easter(1582);

-- the holidays of 2023 (last year with Store Bededag) and 2024
SELECT * FROM holidays(2023);
SELECT * FROM holidays(2024);
-- Store Bededag 2023 = 5 May; none in 2024 (it would have been 26 April)
SELECT holiday_name('2023-05-05'), holiday_name('2024-04-26'), is_working_day('2024-04-26');

-- customary days off: only with the flag
SELECT d, is_holiday(d) AS public, is_holiday(d, true) AS customary,
       holiday_name(d, true) AS name, is_working_day(d) AS working,
       is_working_day(d, true) AS working_customary
FROM unnest('{2025-05-01,2025-06-05,2025-12-24,2025-12-31,2025-12-25}'::date[]) d;
-- a public holiday on a customary day keeps its public name:
-- Whit Monday on Grundlovsdag 2017, Ascension Day on 1 May 2008
SELECT holiday_name('2017-06-05', true), holiday_name('2008-05-01', true);
SELECT * FROM holidays(2025, true);

-- weekends are not working days
SELECT d::date, to_char(d, 'Dy') AS dow, is_working_day(d::date) FROM generate_series('2025-04-14'::date, '2025-04-27', '1 day') g(d);

-- 2 working days after Maundy Thursday 2025 (17 April): Wednesday 23 April
SELECT add_working_days('2025-04-17', 2), working_days_between('2025-04-17', '2025-04-23');
SELECT add_working_days('2025-04-23', -2), add_working_days('2025-04-23', 0), add_working_days('2025-04-19', 0);
SELECT add_working_days('2025-04-19', 1), add_working_days('2025-04-19', -1);
SELECT working_days_between('2025-04-23', '2025-04-17'), working_days_between('2025-04-17', '2025-04-17');
-- with the customary days: 24 December to the next working day
SELECT add_working_days('2025-12-23', 1), add_working_days('2025-12-23', 1, true);
-- a whole year and long spans
SELECT working_days_between('2024-12-31', '2025-12-31') AS days_2025,
       working_days_between('2024-12-31', '2025-12-31', true) AS days_2025_customary;
SELECT working_days_between('1583-01-01', '9999-12-31');
SELECT add_working_days('2000-01-01', 1000000), add_working_days('2000-01-01', -100000);
SELECT working_days_between('2000-01-01', add_working_days('2000-01-01', 1000000));

-- errors: before 1583, infinity, past the end of the date type
SELECT is_holiday('1582-12-31');
SELECT is_working_day('infinity');
SELECT add_working_days('5874897-12-01', 100);
SELECT add_working_days('1583-01-05', -10);

-- treatment guarantee: request 2025-03-03
SELECT start_date, as_of,
       wait_days('2025-03-03', start_date, as_of) AS wait,
       guarantee_met('2025-03-03', start_date, as_of) AS met14,
       guarantee_met('2025-03-03', start_date, as_of, 7) AS met7
FROM (VALUES ('2025-03-03'::date, '2025-06-30'::date),
             ('2025-03-17', '2025-06-30'),     -- day 14: met
             ('2025-03-18', '2025-06-30'),     -- day 15: not met
             (NULL, '2025-03-10'),             -- waiting, within: unknown
             (NULL, '2025-03-17'),             -- waiting, on the deadline: unknown
             (NULL, '2025-03-18'),             -- waiting past the deadline: not met
             ('2025-03-20', '2025-03-12'),     -- starts after as_of: still waiting
             ('2025-03-20', '2025-03-02')      -- request after as_of: NULL
     ) v(start_date, as_of);
SELECT wait_days(NULL, '2025-03-03', '2025-03-03'), wait_days('2025-03-03', NULL, NULL);
SELECT wait_days('2025-03-03', '2025-03-01', '2025-06-30');
SELECT guarantee_met('2025-03-03', NULL, '2025-06-30', -1);

-- straksbehandling: request on Friday 2025-04-11, and on Maundy Thursday 2025
SELECT r, s, straks_met(r, s, '2025-06-30') AS next_day,
       straks_met(r, s, '2025-06-30', 'next_working_day') AS next_working_day
FROM (VALUES ('2025-04-11'::date, '2025-04-11'::date), ('2025-04-11', '2025-04-12'),
             ('2025-04-11', '2025-04-14'), ('2025-04-11', '2025-04-15'),
             ('2025-04-17', '2025-04-22'), ('2025-04-17', '2025-04-23')) v(r, s);
SELECT straks_met('2025-04-17', NULL, '2025-04-21', 'next_working_day') AS waiting_within,
       straks_met('2025-04-17', NULL, '2025-04-23', 'next_working_day') AS waiting_past;
SELECT straks_met('2025-04-17', NULL, '2025-04-23', 'same_week');
