package co.mesa.web;

import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Lets a controller declare {@code TenantContext tenant} as a parameter: the value the edge resolved.
 * On a host without a tenant (the platform's own) a tenant endpoint answers 404.
 */
@Singleton
@Requires(notEnv = "migrate-only")
public class TenantContextBinder implements TypedRequestArgumentBinder<TenantContext> {

    @Override
    public Argument<TenantContext> argumentType() {
        return Argument.of(TenantContext.class);
    }

    @Override
    public BindingResult<TenantContext> bind(ArgumentConversionContext<TenantContext> context, HttpRequest<?> source) {
        Optional<TenantContext> tenant = source.getAttribute(TenantFilter.TENANT_ATTRIBUTE, TenantContext.class);
        if (tenant.isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "no-tenant-on-host", "problem.not-found.title",
                    "problem.tenant.platform-host.detail");
        }
        return () -> tenant;
    }
}
