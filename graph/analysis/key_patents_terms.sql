-- Key patents' term and legal-event facts per patent, the part of key_patents_ranking.sql that does not depend
-- on a scope or on the call's parameters: filing date, patent type, legal status, lapse date (the smallest of
-- each when several), whether the patent has a typed legal event, and its event flags. The engine computes
-- this table once per state of the analytic tables (graph/tables/engine.py, "derived tables").
-- Columns: patent (every patent of patent_set), filed, type, status, lapse, events (BOOLEAN), litigated,
--   invalidated, licensed, transferred, pledged (1 or 0; NULL without a typed event).
WITH events AS (
    SELECT le.patent,
           MAX(CASE WHEN et.type = 'litigation' THEN 1 ELSE 0 END) AS litigated,
           MAX(CASE WHEN et.type IN ('invalidation', 'reexamination') THEN 1 ELSE 0 END) AS invalidated,
           MAX(CASE WHEN et.type = 'licence' THEN 1 ELSE 0 END) AS licensed,
           MAX(CASE WHEN et.type = 'transfer' THEN 1 ELSE 0 END) AS transferred,
           MAX(CASE WHEN et.type = 'pledge' THEN 1 ELSE 0 END) AS pledged
    FROM legal_event le JOIN event_type et ON et.event = le.event
    GROUP BY le.patent
)
SELECT p.patent, fd.filed, t.type, st.status, l.lapse, e.patent IS NOT NULL AS events,
       e.litigated, e.invalidated, e.licensed, e.transferred, e.pledged
FROM patent_set p
LEFT JOIN (SELECT patent, MIN(date) AS filed FROM application_date GROUP BY patent) fd ON fd.patent = p.patent
LEFT JOIN (SELECT patent, MIN(type) AS type FROM patent_type GROUP BY patent) t ON t.patent = p.patent
LEFT JOIN (SELECT patent, MIN(status) AS status FROM legal_status GROUP BY patent) st ON st.patent = p.patent
LEFT JOIN (SELECT patent, MIN(date) AS lapse FROM lapse_date GROUP BY patent) l ON l.patent = p.patent
LEFT JOIN events e ON e.patent = p.patent
