-- A token may end by itself: the operator token generated at the first start is valid for a day
-- (palisade.api.generated-token-validity), since its secret went through the log. Null: no end.
alter table api_token add column expires_at timestamp with time zone;
