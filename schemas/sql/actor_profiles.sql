-- actor_profiles: how present is each actor? One row per actor with its mentions, the
-- articles that name it, the quotes it speaks, the events it takes part in (by role) and the
-- statistics it is the source of.
CREATE VIEW actor_profiles AS
SELECT
    a.actor_id,
    a.name,
    a.actor_type,
    a.country_code,
    a.parent_actor_id,
    (SELECT count(*) FROM actor_mentions m WHERE m.actor_id = a.actor_id) AS mentions,
    (SELECT count(DISTINCT m.document_id) FROM actor_mentions m WHERE m.actor_id = a.actor_id) AS articles,
    (SELECT count(*) FROM quotes q WHERE q.speaker_actor_id = a.actor_id) AS quotes,
    (SELECT count(DISTINCT ea.event_id) FROM event_actors ea WHERE ea.actor_id = a.actor_id) AS events,
    (SELECT count(*) FROM event_actors ea WHERE ea.actor_id = a.actor_id AND ea.role = 'agent') AS events_as_agent,
    (SELECT count(*) FROM event_actors ea WHERE ea.actor_id = a.actor_id AND ea.role = 'target') AS events_as_target,
    (SELECT count(*) FROM statistics s WHERE s.source_actor_id = a.actor_id) AS statistics_sourced
FROM actors a
ORDER BY mentions DESC, a.actor_id;
