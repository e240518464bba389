-- Cyrillic to Latin, the common passport-style spelling; lower-cased. Used on both the
-- document and the query, so the two always agree.
CREATE OR REPLACE FUNCTION archive_translit(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        replace(replace(lower(value),
            'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'),
            'ю', 'yu'), 'я', 'ya'), 'ё', 'e'), 'ї', 'yi'), 'є', 'ye'), 'ґ', 'g'),
        'абвгдезийклмнопрстуфыэіъь',
        'abvgdeziyklmnoprstufyei'
    ) -- characters past the end of the second list (ъ, ь) are dropped by translate()
$$;
