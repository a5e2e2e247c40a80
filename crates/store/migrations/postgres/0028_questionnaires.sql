-- Experience questionnaires (F24). An answer is kept apart from the file: region, municipality (nil when the
-- household's area is not known), month, moment and who answered, never the person, household or case.
CREATE TABLE questionnaire_answers (
    region_id UUID NOT NULL REFERENCES regions(id),
    municipality_id UUID NOT NULL,
    month DATE NOT NULL,
    moment TEXT NOT NULL,
    respondent TEXT NOT NULL,
    scores JSONB NOT NULL,
    open_answer TEXT
);
CREATE INDEX questionnaire_answers_month ON questionnaire_answers (region_id, month);
-- That a respondent (a person's or a professional's id) answered after a case's event: so it is not asked
-- again. Destroyed with the household's file.
CREATE TABLE questionnaires_answered (
    respondent_id UUID NOT NULL,
    case_id UUID NOT NULL REFERENCES cases(id),
    seq BIGINT NOT NULL,
    PRIMARY KEY (respondent_id, case_id, seq)
);
CREATE INDEX questionnaires_answered_case ON questionnaires_answered (case_id);
