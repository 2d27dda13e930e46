-- document_summaries: what does each article contribute? One row per article with its
-- metadata and the number of mentions, distinct actors, quotes, statistics and events.
CREATE VIEW document_summaries AS
SELECT
    d.document_id,
    d.publisher,
    d.published_date,
    d.published_date_precision,
    d.text_quality,
    d.review_status,
    d.words,
    (SELECT count(*) FROM actor_mentions m WHERE m.document_id = d.document_id) AS mentions,
    (SELECT count(DISTINCT m.actor_id) FROM actor_mentions m WHERE m.document_id = d.document_id) AS actors,
    (SELECT count(*) FROM quotes q WHERE q.document_id = d.document_id) AS quotes,
    (SELECT count(*) FROM statistics s WHERE s.document_id = d.document_id) AS statistics,
    (SELECT count(DISTINCT v.event_id) FROM event_evidence v WHERE v.document_id = d.document_id) AS events
FROM documents d
ORDER BY d.document_id;
