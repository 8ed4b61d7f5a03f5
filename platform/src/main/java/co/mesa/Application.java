package co.mesa;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Starts the platform; {@code migrate} as the first argument runs the database migrations and exits. */
@OpenAPIDefinition(info = @Info(title = "Mesa", version = "1",
        description = "Service desk for Colombian public entities. Every endpoint answers for the tenant "
                + "that the request's host resolves to; errors are application/problem+json."))
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && "migrate".equals(args[0])) {
            // Flyway migrates the owner datasource as the context starts; nothing else is needed.
            // Exit explicitly: a non-daemon executor thread left behind by the closed context kept the
            // JVM, and so the chart's hook Job, running after a successful migration (issue 29).
            int status = 0;
            try (ApplicationContext ignored = ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .environments("migrate", "migrate-only")
                    .start()) {
                System.out.println("Migrations done");
            } catch (RuntimeException e) {
                e.printStackTrace();
                status = 1;
            }
            System.exit(status);
        }
        Micronaut.build(args).mainClass(Application.class).start();
    }
}
