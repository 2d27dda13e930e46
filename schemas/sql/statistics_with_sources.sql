-- statistics_with_sources: which numbers are reported, by whom, where and how firmly? One row
-- per statistic with its article's publisher and date, its source actor's name, its measure
-- and event, and the qualifier in words (NULL for an exact number: the article qualified it
-- with no word).
CREATE VIEW statistics_with_sources AS
SELECT
    s.statistic_id,
    s.document_id,
    d.publisher,
    d.published_date,
    s.value,
    s.value_max,
    s.unit,
    s.measure,
    s.measure_id,
    s.qualifier,
    CASE s.qualifier
        WHEN 'more_than' THEN 'more than'
        WHEN 'at_least' THEN 'at least'
        WHEN 'approximately' THEN 'about'
        WHEN 'at_most' THEN 'at most'
        WHEN 'less_than' THEN 'less than'
        WHEN 'range' THEN 'between'
        WHEN 'vague' THEN 'of the order of'
    END AS qualifier_words,
    s.source_actor_id,
    a.name AS source_name,
    s.source_text,
    s.event_id,
    s.text,
    s.start,
    s."end",
    s.method
FROM statistics s
JOIN documents d USING (document_id)
LEFT JOIN actors a ON a.actor_id = s.source_actor_id
ORDER BY s.document_id, s.start;
