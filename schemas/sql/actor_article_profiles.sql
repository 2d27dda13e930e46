-- actor_article_profiles: how present is each actor in each article? One row per actor and
-- article that names it or quotes it, with mentions and quotes in that article.
CREATE VIEW actor_article_profiles AS
WITH pairs AS (
    SELECT actor_id, document_id FROM actor_mentions
    UNION
    SELECT speaker_actor_id, document_id FROM quotes WHERE speaker_actor_id IS NOT NULL
)
SELECT
    p.actor_id,
    a.name,
    p.document_id,
    (SELECT count(*) FROM actor_mentions m WHERE m.actor_id = p.actor_id AND m.document_id = p.document_id) AS mentions,
    (SELECT count(*) FROM quotes q WHERE q.speaker_actor_id = p.actor_id AND q.document_id = p.document_id) AS quotes,
    (SELECT count(*) FROM statistics s WHERE s.source_actor_id = p.actor_id AND s.document_id = p.document_id) AS statistics_sourced
FROM pairs p
JOIN actors a USING (actor_id)
ORDER BY p.actor_id, p.document_id;
