-- The latest publication (or, failing that, application) date among the patents in scope:
-- the data's cut-off, from which the ~18-month publication lag is counted.
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the industry only).
-- Columns: lastPublication, lastApplication (DATE; NULL when no patent in scope has one). One row.
WITH s AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end))
SELECT (SELECT MAX(p.date) FROM s JOIN publication_date p ON p.patent = s.patent) AS lastPublication,
       (SELECT MAX(a.date) FROM s JOIN application_date a ON a.patent = s.patent) AS lastApplication;
