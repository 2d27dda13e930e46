-- event_timeline: what happened when, who did it to whom, and how many articles report it?
-- One row per event, dated events first in date order, with actors listed by role.
CREATE VIEW event_timeline AS
SELECT
    e.event_id,
    e.date_start,
    e.date_end,
    e.date_precision,
    e.event_type,
    e.plover_type,
    e.status,
    e.summary,
    (SELECT string_agg(a.name, '; ' ORDER BY a.name) FROM event_actors ea JOIN actors a USING (actor_id)
      WHERE ea.event_id = e.event_id AND ea.role = 'agent') AS agents,
    (SELECT string_agg(a.name, '; ' ORDER BY a.name) FROM event_actors ea JOIN actors a USING (actor_id)
      WHERE ea.event_id = e.event_id AND ea.role = 'target') AS targets,
    (SELECT string_agg(a.name, '; ' ORDER BY a.name) FROM event_actors ea JOIN actors a USING (actor_id)
      WHERE ea.event_id = e.event_id AND ea.role = 'participant') AS participants,
    (SELECT count(DISTINCT v.document_id) FROM event_evidence v WHERE v.event_id = e.event_id) AS reporting_articles,
    e.method
FROM events e
ORDER BY e.date_start NULLS LAST, e.event_id;
