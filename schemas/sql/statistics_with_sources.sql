-- statistics_with_sources: which numbers are reported, by whom, how firmly? One row per
-- statistic with its source actor's name and the qualifier in words.
CREATE VIEW statistics_with_sources AS
SELECT
    s.statistic_id,
    s.document_id,
    s.value,
    s.value_max,
    s.unit,
    s.measure,
    s.qualifier,
    CASE s.qualifier
        WHEN 'exact' THEN 'exactly'
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
    s.text,
    s.method
FROM statistics s
LEFT JOIN actors a ON a.actor_id = s.source_actor_id
ORDER BY s.document_id, s.start;
