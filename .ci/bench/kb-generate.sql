-- The knowledge base benchmark's dataset (.ci/bench-kb): :n published articles of one entity, written from a
-- vocabulary of Spanish service-desk words (the words people search) among generated filler words, with a
-- skewed choice so some topics are much commoner than others, as in a real knowledge base. Run as the
-- superuser (row level security does not apply) on a database migrated by the platform's migrations.
-- psql variables: n, seed, tenant.
SELECT setseed(:seed);
INSERT INTO tenant (id, slug, realm, source) VALUES (:'tenant', 'kb-bench', 'kb-bench', 'operator');

CREATE TABLE kb_bench_topic AS SELECT ARRAY[
  'contraseña','impresora','correo','vpn','acceso','remoto','escritorio','teams','outlook','onedrive','respaldo',
  'restaurar','carpeta','compartida','red','inalámbrica','wifi','internet','navegador','certificado','firma','digital',
  'portátil','computador','pantalla','teclado','mouse','diadema','cámara','micrófono','videoconferencia','reunión',
  'calendario','licencia','instalación','actualización','antivirus','virus','bloqueo','usuario','cuenta','clave',
  'sigep','suit','intranet','portal','publicación','formulario','plantilla','radicado','solicitud','incidente',
  'requerimiento','servidor','base','datos','copia','seguridad','firewall','telefonía','extensión','celular',
  'sede','traslado','puesto','equipo','periférico','escáner','tóner','papel','atasco','configuración','perfil',
  'permisos','rol','grupo','dependencia','contratista','funcionario','vinculación','nómina','documento','archivo',
  'expediente','gestión','documental','sistema','aplicación','error','mensaje','lentitud','caída','conexión',
  'cable','puerto','dirección','dominio','sesión','cierre','inicio','horario','atención','soporte','técnico',
  'mantenimiento','garantía','proveedor','inventario','placa','activo','entrega','devolución','préstamo','video',
  'beam','proyector','sonido','auditorio','evento','transmisión','grabación','chat','llamada','buzón','spam',
  'phishing','adjunto','tamaño','límite','almacenamiento','nube','sincronización','móvil','autenticación','token',
  'código','verificación','restablecer','desbloquear','cambiar','olvidé','vencida','caducada','política'] AS w;

-- Filler: three-syllable words (15 x 15 x 15 = 3,375), built from the index so no large array is copied per pick.
CREATE FUNCTION pg_temp.filler_word(i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['ma','pe','ri','so','lu','ca','te','ni','do','fa','gu','la','me','ro','sa'])[1 + i / 225]
      || (ARRAY['ra','le','mi','no','tu','ba','ce','di','go','ja','ve','zo','pa','si','lo'])[1 + (i / 15) % 15]
      || (ARRAY['do','ta','ro','na','ble','cion','dad','mente','ivo','oso','al','ar','er','ir','ura'])[1 + i % 15]
$$;

-- A skewed pick of k words: index floor(len * random()^1.5) favours the first words (common topics).
CREATE FUNCTION pg_temp.pick(words text[], k int, salt int) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(words[1 + floor(array_length(words, 1) * power(random(), 1.5))::int], ' ')
    FROM generate_series(1, k) g WHERE g > 0 * salt
$$;
CREATE FUNCTION pg_temp.fill(k int, salt int) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(pg_temp.filler_word(floor(3375 * power(random(), 1.5))::int), ' ')
    FROM generate_series(1, k) g WHERE g > 0 * salt
$$;

INSERT INTO kb_article (tenant_id, id, state, title, summary, body, keywords, services, audience, version,
                        created_at, updated_at, published_at)
SELECT :'tenant', gen_random_uuid(), 'published',
       initcap(pg_temp.pick(t.w, 2, i)) || ' ' || pg_temp.fill(3, i),
       pg_temp.pick(t.w, 4, i) || ' ' || pg_temp.fill(14, i),
       pg_temp.fill(40, i) || E'\n\n' || pg_temp.pick(t.w, 8, i) || ' ' || pg_temp.fill(40, i) || E'\n\n- '
         || pg_temp.pick(t.w, 4, i) || E'\n- ' || pg_temp.fill(30, i),
       replace(pg_temp.pick(t.w, 3, i), ' ', ', '),
       ARRAY[(ARRAY['acceso-remoto','equipos-perifericos','software-ofimatica','cuentas-usuario','red-internet'])[1 + (i % 5)]],
       CASE WHEN i % 10 < 7 THEN 'public' WHEN i % 10 < 9 THEN 'staff' ELSE 'agents' END,
       1, now() - make_interval(mins => i), now() - make_interval(mins => i), now() - make_interval(mins => i)
  FROM generate_series(1, :n) i, kb_bench_topic t;

-- The entity's word list, as the platform keeps it (folded words of four letters or more).
INSERT INTO kb_word (tenant_id, word)
SELECT DISTINCT :'tenant'::uuid, w FROM (
  SELECT lower(unaccent(u.word)) AS w FROM kb_bench_topic, unnest(kb_bench_topic.w) AS u(word)
  UNION SELECT pg_temp.filler_word(i) FROM generate_series(0, 3374) i) x
 WHERE length(w) >= 4;
VACUUM (ANALYZE) kb_article;
VACUUM (ANALYZE) kb_word;
