-- actor_cooccurrence: which actors appear together in events? One row per unordered pair of
-- actors (actor_a < actor_b) with the number of events both take part in.
CREATE VIEW actor_cooccurrence AS
SELECT
    x.actor_id AS actor_a,
    y.actor_id AS actor_b,
    count(DISTINCT x.event_id) AS events
FROM event_actors x
JOIN event_actors y ON x.event_id = y.event_id AND x.actor_id < y.actor_id
GROUP BY x.actor_id, y.actor_id
ORDER BY events DESC, actor_a, actor_b;
