package co.mesa.bench;

import java.util.SplittableRandom;

/**
 * Invented Spanish service-desk text for the benchmark dataset: people's names, case titles and
 * descriptions. Nothing here comes from a real case; the phrases are written for this generator.
 */
final class SpanishText {

    static final String[] GIVEN = {
        "Lucía", "Mateo", "Valeria", "Andrés", "Camila", "Tomás", "Sofía", "Santiago", "Isabella", "Juan",
        "Mariana", "Sebastián", "Daniela", "Nicolás", "Gabriela", "Samuel", "Paula", "Alejandro", "Natalia",
        "Felipe", "Laura", "Diego", "Carolina", "Julián", "Manuela", "David", "Ana María", "Carlos", "Juliana",
        "Esteban", "Luisa", "Jorge", "Catalina", "Ricardo", "Adriana", "Óscar", "Verónica", "Hernán", "Ángela",
        "Fabián", "Diana", "Mauricio", "Paola", "Germán", "Liliana", "Iván", "Sandra", "Rodrigo", "Marcela", "Wilson"
    };

    static final String[] FAMILY = {
        "Pardo", "Rincón", "Ospina", "Quintero", "Duarte", "Herrera", "Gómez", "Rodríguez", "Martínez", "López",
        "García", "Castro", "Ramírez", "Vargas", "Moreno", "Rojas", "Jiménez", "Muñoz", "Díaz", "Torres",
        "Salazar", "Caicedo", "Lozano", "Mejía", "Ibarra", "Villa", "Cárdenas", "Restrepo", "Arango", "Zapata",
        "Montoya", "Giraldo", "Londoño", "Henao", "Cifuentes", "Benavides", "Bermúdez", "Acosta", "Suárez", "Peña",
        "Guzmán", "Cortés", "Sánchez", "Ortiz", "Navarro", "Mendoza", "Cabrera", "Parra", "Valencia", "Escobar"
    };

    private static final String[] OPENINGS = {
        "No funciona", "Falla en", "Error al abrir", "No puedo ingresar a", "Lentitud en", "Solicito configurar",
        "Solicito instalar", "Solicitud de acceso a", "Bloqueo de", "Restablecer", "Actualizar", "Revisar",
        "No carga", "Se desconecta", "Problema con", "Habilitar", "Cambio de", "Mensaje de error en",
        "Consulta sobre", "No sincroniza"
    };

    private static final String[] OBJECTS = {
        "la VPN", "el correo institucional", "el escritorio remoto", "la impresora del piso 3", "el portátil asignado",
        "la cuenta de usuario", "el certificado de firma digital", "Microsoft Teams", "la red inalámbrica",
        "el aplicativo de nómina", "el módulo de hojas de vida", "el reporte de vinculaciones", "la carpeta compartida",
        "el escáner de radicación", "la extensión telefónica", "el navegador", "el antivirus", "la clave de dominio",
        "el formulario de PQRS", "el tablero de indicadores", "la sala de videoconferencia", "el sistema de trámites",
        "el monitor", "la diadema", "el token de acceso", "la base de datos de contratos", "el servidor de archivos",
        "la agenda compartida", "el portal de usuarios", "el aplicativo de correspondencia"
    };

    private static final String[] TAILS = {
        "desde casa", "desde esta mañana", "en la sede principal", "después de la actualización", "al iniciar sesión",
        "con urgencia", "para el cierre de mes", "en la oficina 204", "para un contratista nuevo", "sin motivo aparente",
        "desde ayer en la tarde", "en todos los equipos del grupo", "", "", "", ""
    };

    private static final String[] GREETINGS = {
        "Buenos días.", "Buenas tardes.", "Cordial saludo.", "Hola, mesa de servicio.", "Respetados señores:", ""
    };

    private static final String[] SENTENCES = {
        "El equipo muestra un mensaje de error y no deja continuar.",
        "Ya reinicié el computador y el problema sigue igual.",
        "Necesito resolverlo hoy porque tengo una entrega pendiente.",
        "Otros compañeros del área tienen el mismo inconveniente.",
        "Adjunto la descripción de los pasos que seguí antes de la falla.",
        "La última vez que funcionó fue el viernes pasado.",
        "El error aparece solamente cuando estoy conectado desde la red de la casa.",
        "Me pide una contraseña que no recuerdo haber cambiado.",
        "Solicito el acompañamiento de un técnico para revisar la configuración.",
        "Por favor indicarme si debo diligenciar algún formato adicional.",
        "El jefe del área aprobó la solicitud por correo.",
        "La pantalla se queda en blanco después de unos minutos.",
        "El sistema responde muy lento en las horas de la mañana.",
        "No tengo claro a qué grupo debo dirigir esta solicitud.",
        "Quedo disponible en la extensión que aparece en mi perfil.",
        "El contratista inicia labores el próximo lunes y necesita su cuenta.",
        "La impresora marca atasco de papel aunque la bandeja está vacía.",
        "No aparecen los documentos que cargué la semana anterior.",
        "El certificado venció y no puedo firmar los actos administrativos.",
        "Al exportar el reporte se descarga un archivo vacío.",
        "La reunión con la otra entidad es mañana a primera hora.",
        "Intenté desde otro navegador con el mismo resultado.",
        "El mensaje dice que la sesión expiró aunque acabo de ingresar.",
        "Agradezco su pronta colaboración con este caso.",
        "El cambio es necesario para cumplir con el plan de acción de la dependencia.",
        "Requiero permisos de lectura y escritura sobre la carpeta del proyecto.",
        "La conexión se cae cada vez que abro una videollamada.",
        "El equipo fue trasladado de oficina y desde entonces no tiene red.",
        "Necesito recuperar un archivo que borré por error.",
        "Es la tercera vez que reporto esta situación este mes."
    };

    private static final String[] CLOSINGS = {"Quedo atento.", "Gracias.", "Muchas gracias por la ayuda.", "Atentamente.", ""};

    private SpanishText() {
    }

    static String pick(SplittableRandom r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    static String fullName(SplittableRandom r) {
        return pick(r, GIVEN) + " " + pick(r, FAMILY) + " " + pick(r, FAMILY);
    }

    static String title(SplittableRandom r) {
        String tail = pick(r, TAILS);
        return pick(r, OPENINGS) + " " + pick(r, OBJECTS) + (tail.isEmpty() ? "" : " " + tail);
    }

    /** One to eight sentences after a greeting that repeats the title; 80 to ~900 characters. */
    static String description(SplittableRandom r, String title) {
        StringBuilder b = new StringBuilder(512);
        String greeting = pick(r, GREETINGS);
        if (!greeting.isEmpty()) {
            b.append(greeting).append(' ');
        }
        b.append(title).append('.');
        int n = 1 + r.nextInt(r.nextInt(4) == 0 ? 8 : 4);
        for (int i = 0; i < n; i++) {
            b.append(' ').append(pick(r, SENTENCES));
        }
        String closing = pick(r, CLOSINGS);
        if (!closing.isEmpty()) {
            b.append(' ').append(closing);
        }
        return b.toString();
    }
}
