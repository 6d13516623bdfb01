-- A third kind of entry: EXCLUDE, an rbldnsd "!" line. It takes a name out of the lists of its
-- scope without listing it anywhere (an allow entry lists it in the allow list). It answers nothing,
-- so it has no return code; its reason is a note for the admins.
alter table entry alter column list_kind set data type varchar(7);

alter table entry drop constraint entry_list_kind_valid;
alter table entry add constraint entry_list_kind_valid
    check (case list_kind when 'BLOCK' then true when 'ALLOW' then true when 'EXCLUDE' then true
           else false end);

alter table entry add constraint entry_exclusion_answers_nothing
    check (case when list_kind = 'EXCLUDE' and return_code is not null then false else true end);
