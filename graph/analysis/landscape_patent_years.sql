-- Each patent's application years and grant years, one row per distinct (kind, patent, year): what
-- landscape_years.sql counts. It does not depend on a scope, so the engine computes this table once per state of
-- the analytic tables (graph/tables/engine.py, "derived tables"), and a scope's years are its rows, counted
-- without a DISTINCT over its dates.
-- Columns: kind ('filed' | 'granted'), patent, year. In kind and patent order.
SELECT * FROM (
    SELECT DISTINCT 'filed' AS kind, patent, year(date) AS year FROM application_date
    UNION ALL
    SELECT DISTINCT 'granted' AS kind, patent, year(date) AS year FROM grant_date
) ORDER BY kind, patent
