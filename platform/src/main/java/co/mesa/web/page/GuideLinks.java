package co.mesa.web.page;

/**
 * Each page's "Ayuda" link (issue 22): the section of its role's guide that explains it. The guides and
 * their section ids are docs/guias/ (read by {@code co.mesa.guides.Guides}); GuidesTest walks every page
 * route and follows its link to an existing section, so a new page cannot go without help.
 */
public final class GuideLinks {

    private GuideLinks() {
    }

    /**
     * The help link of a page: its path, whether it is the platform's own host, and who asks.
     * Null where no guide applies (the platform's host before signing in: its guide is for operators).
     */
    public static String help(String path, boolean platform, boolean signedIn, boolean supervisor) {
        return help(path, platform, signedIn, supervisor, true);
    }

    /** As above; {@code agent}: whether the person works cases (a tenant administrator may not, and reads their own guide). */
    public static String help(String path, boolean platform, boolean signedIn, boolean supervisor, boolean agent) {
        if (platform) {
            if (!signedIn) {
                return null;
            }
            if (path.startsWith("/operador/altas/nueva")) {
                return "/ayuda/operador#alta";
            }
            if (path.startsWith("/operador/altas")) {
                return "/ayuda/operador#progreso";
            }
            return "/ayuda/operador#" + (path.startsWith("/operador") ? "entidades" : "ingresar");
        }
        if (path.startsWith("/consola/conocimiento") || path.startsWith("/consola/casos/") && path.endsWith("/conocimiento")) {
            // The knowledge base (issue 25): reviewers read how to review; agents how to write and use articles.
            if (!supervisor && !agent) {
                return "/ayuda/administrador#conocimiento";
            }
            return supervisor ? "/ayuda/supervisor#conocimiento"
                    : "/ayuda/agente#" + (path.startsWith("/consola/casos/") ? "conocimiento-caso" : "conocimiento");
        }
        if (path.startsWith("/consola/informe")) {
            // The ANS report (issue 24): supervisors and the entity's administrators.
            return supervisor ? "/ayuda/supervisor#informe" : "/ayuda/administrador#informe";
        }
        if (path.startsWith("/consola/avisos")) {
            // Notices for agents (issue 27): posted by supervisors and tenant administrators.
            return supervisor ? "/ayuda/supervisor#avisos-agentes" : "/ayuda/administrador#avisos-agentes";
        }
        if (path.startsWith("/consola/registro")) {
            // "Nuevo registro" (issue 20): the agent's guide, also for supervisors who register cases.
            return "/ayuda/agente#nuevo-registro";
        }
        if (path.startsWith("/consola/casos/") && path.endsWith("/mayor")) {
            // Major incidents (issue 20).
            return (supervisor ? "/ayuda/supervisor#" : "/ayuda/agente#") + "incidente-mayor";
        }
        if (path.startsWith("/consola/problemas") || path.startsWith("/consola/casos/") && path.endsWith("/problemas")) {
            // Problems and known errors (issue 26).
            return (supervisor ? "/ayuda/supervisor#" : "/ayuda/agente#") + "problemas";
        }
        if (path.startsWith("/consola/cambios") || path.startsWith("/consola/mis-tareas")) {
            // Changes, the change committee and "Mis tareas" (issue 27).
            return (supervisor ? "/ayuda/supervisor#" : "/ayuda/agente#") + "cambios";
        }
        if (path.startsWith("/consola/correo")) {
            // Quarantined mail (decision 0034): agents and supervisors.
            return (supervisor ? "/ayuda/supervisor#" : "/ayuda/agente#") + "correo";
        }
        if (path.startsWith("/consola")) {
            String guide = supervisor ? "/ayuda/supervisor#" : "/ayuda/agente#";
            if (path.startsWith("/consola/cola")) {
                return guide + "cola";
            }
            if (path.startsWith("/consola/novedades")) {
                return guide + "novedades";
            }
            return guide + (path.startsWith("/consola/casos/") ? "caso" : "inicio");
        }
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            return "/ayuda/administrador#" + adminSection(path);
        }
        if (path.equals("/ayuda") || path.startsWith("/ayuda/")) {
            return "/ayuda";
        }
        return "/ayuda/solicitante#" + portalSection(path, signedIn);
    }

    private static String adminSection(String path) {
        if (path.startsWith("/admin/catalogo/")) {
            return "plantilla";
        }
        if (path.startsWith("/admin/lineas") || path.startsWith("/admin/servicios")) {
            return "estructura";
        }
        if (path.startsWith("/admin/catalogo")) {
            return "catalogo";
        }
        if (path.startsWith("/admin/flujo")) {
            return "flujo";
        }
        if (path.startsWith("/admin/calendarios")) {
            return "calendarios";
        }
        if (path.startsWith("/admin/ans")) {
            return "ans";
        }
        if (path.startsWith("/admin/sla")) {
            return "simulador";
        }
        if (path.startsWith("/admin/grupos")) {
            return "grupos";
        }
        if (path.startsWith("/admin/marca")) {
            return "marca";
        }
        if (path.startsWith("/admin/directorio")) {
            return "directorio";
        }
        return "inicio";
    }

    private static String portalSection(String path, boolean signedIn) {
        if (path.startsWith("/solicitar/") && path.endsWith("/enviado")) {
            return "enviado";
        }
        if (path.startsWith("/solicitar/")) {
            return "solicitar";
        }
        if (path.startsWith("/conocimiento")) {
            return "conocimiento";
        }
        if (path.startsWith("/indicadores")) {
            return "indicadores"; // the indicators' definitions and open data dictionary (issue 24)
        }
        if (path.startsWith("/mis-casos")) {
            return "mis-casos";
        }
        if (path.startsWith("/encuesta/") || (path.startsWith("/casos/") && path.endsWith("/encuesta"))) {
            return "encuesta";
        }
        if (path.startsWith("/casos/")) {
            return "seguir-un-caso";
        }
        if (path.equals("/")) {
            return signedIn ? "solicitar" : "ingresar";
        }
        return "canales";
    }
}
