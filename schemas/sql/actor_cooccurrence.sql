-- actor_cooccurrence: which actors appear together in events? One row per unordered pair of
-- actors (actor_a < actor_b) with their names and the number of events both take part in.
CREATE VIEW actor_cooccurrence AS
SELECT
    x.actor_id AS actor_a,
    na.name AS name_a,
    y.actor_id AS actor_b,
    nb.name AS name_b,
    count(DISTINCT x.event_id) AS events
FROM event_actors x
JOIN event_actors y ON x.event_id = y.event_id AND x.actor_id < y.actor_id
JOIN actors na ON na.actor_id = x.actor_id
JOIN actors nb ON nb.actor_id = y.actor_id
GROUP BY x.actor_id, na.name, y.actor_id, nb.name
ORDER BY events DESC, actor_a, actor_b;
