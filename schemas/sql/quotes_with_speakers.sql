-- quotes_with_speakers: who said what, where? One row per quote with the speaker's name and
-- type (NULL when the article names no speaker) and the article's publisher and date.
CREATE VIEW quotes_with_speakers AS
SELECT
    q.quote_id,
    q.document_id,
    d.publisher,
    d.published_date,
    q.speaker_actor_id,
    a.name AS speaker_name,
    a.actor_type AS speaker_type,
    q.speaker_text,
    q.cue,
    q.kind,
    q.text,
    q.start,
    q."end",
    q.method
FROM quotes q
JOIN documents d USING (document_id)
LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id
ORDER BY q.document_id, q.start;
