-- event_reports: how does each article report each event? One row per event and article that
-- gives evidence for it, with the article's publisher and date, the number of its sentences
-- reporting the event, where the first one starts, and those sentences in article order.
CREATE VIEW event_reports AS
SELECT
    v.event_id,
    e.event_type,
    e.date_start,
    e.summary,
    v.document_id,
    d.publisher,
    d.published_date,
    count(*) AS sentences,
    min(v.start) AS first_start,
    string_agg(v.text, ' ' ORDER BY v.start) AS evidence,
    e.method AS event_method
FROM event_evidence v
JOIN events e USING (event_id)
JOIN documents d USING (document_id)
GROUP BY v.event_id, e.event_type, e.date_start, e.summary, v.document_id, d.publisher, d.published_date, e.method
ORDER BY v.event_id, d.published_date NULLS LAST, v.document_id;
