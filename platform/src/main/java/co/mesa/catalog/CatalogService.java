package co.mesa.catalog;

import co.mesa.shared.CaseFacts;
import co.mesa.sla.SlaTargets;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The tenant's catalog as a caller may see it: templates filtered by the caller's audiences. */
@Singleton
public class CatalogService {

    private final SlaTargets sla;

    public CatalogService(SlaTargets sla) {
        this.sla = sla;
    }

    /**
     * @param audiences the caller's audiences (catalog audience keys); empty for anonymous callers,
     *                  who see unrestricted templates only
     */
    public CatalogView catalog(TenantContext tenant, Set<String> audiences, List<Locale> languages) {
        TenantConfig config = tenant.config();
        String priority = config.tenant().defaultPriority();
        List<CatalogView.ServiceLineView> lines = new ArrayList<>();
        List<CatalogView.ServiceView> services = new ArrayList<>();
        // Retired lines, services, categories and templates (issue 21) are not offered; old cases still name them.
        for (TenantConfig.ServiceLine line : config.catalog().serviceLines()) {
            if (line.isRetired()) {
                continue;
            }
            List<TenantConfig.Service> offered = line.services().stream().filter(sv -> !sv.isRetired()).toList();
            if (offered.isEmpty()) {
                continue;
            }
            lines.add(new CatalogView.ServiceLineView(line.key(), I18n.resolve(line.name(), languages),
                    I18n.resolve(line.description(), languages), offered.stream().map(TenantConfig.Service::key).toList()));
            for (TenantConfig.Service service : offered) {
                var targets = sla.targetsFor(config, CaseFacts.ofService(line.key(), service.key(), priority));
                services.add(new CatalogView.ServiceView(
                        service.key(), I18n.resolve(service.name(), languages), I18n.resolve(service.description(), languages),
                        I18n.resolve(service.scope(), languages), I18n.resolve(service.availability(), languages),
                        line.key(), I18n.resolve(line.name(), languages),
                        service.categories().stream().filter(c -> !c.isRetired())
                                .map(c -> new CatalogView.CategoryView(c.key(), I18n.resolve(c.name(), languages))).toList(),
                        targets.map(SlaTargets.Targets::policy).orElse(null),
                        targets.map(t -> iso(t.response())).orElse(null),
                        targets.map(t -> iso(t.resolution())).orElse(null),
                        targets.map(t -> I18n.resolve(t.note(), languages)).orElse(null),
                        service.templates().stream().filter(t -> !t.isRetired())
                                .filter(t -> t.unrestricted() || t.audiences().stream().anyMatch(audiences::contains))
                                .map(t -> template(t, languages)).toList(),
                        targets.map(SlaTargets.Targets::responseDays).orElse(null),
                        targets.map(SlaTargets.Targets::resolutionDays).orElse(null)));
            }
        }
        return new CatalogView(priority, lines, services);
    }

    private static CatalogView.TemplateView template(TenantConfig.Template t, List<Locale> languages) {
        return new CatalogView.TemplateView(t.key(), I18n.resolve(t.name(), languages), I18n.resolve(t.description(), languages),
                t.caseType(), t.category(), !t.unrestricted(),
                t.fields().stream().map(f -> new CatalogView.FieldView(f.key(), I18n.resolve(f.label(), languages),
                        I18n.resolve(f.help(), languages), f.type(), f.required(),
                        f.options().stream().map(o -> new CatalogView.OptionView(o.key(), I18n.resolve(o.label(), languages)))
                                .toList())).toList(),
                t.attachments().stream().map(a -> new CatalogView.AttachmentView(a.key(), I18n.resolve(a.label(), languages),
                        I18n.resolve(a.help(), languages), a.required(), a.accept())).toList());
    }

    /** ISO-8601 in hours and minutes, never days: {@code PT27H}, {@code PT2H30M}. */
    static String iso(Duration d) {
        return d == null ? null : d.toString();
    }
}
