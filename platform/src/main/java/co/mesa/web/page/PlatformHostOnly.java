package co.mesa.web.page;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Pages that exist on the platform's own host only (the operators'): elsewhere a refused request to them
 * is told "not found", never sent to a tenant's sign-in. Pages whose handler takes a {@code TenantContext}
 * are, the other way round, a tenant's only.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PlatformHostOnly {
}
