package co.mesa.web;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.BootstrapContextCompatible;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.SerdeIntrospections;
import io.micronaut.serde.config.DeserializationConfiguration;
import io.micronaut.serde.config.SerdeConfiguration;
import io.micronaut.serde.config.SerializationConfiguration;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.support.DefaultSerdeRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Micronaut Serialization's registry, except that text is read by {@link StrictStrings}: the built-in reader
 * turns {@code 123} or {@code true} into "123" and "true", and its built-in serdes cannot be replaced by a
 * bean of the same type (they are looked up before beans).
 */
@Singleton
@BootstrapContextCompatible
@Replaces(DefaultSerdeRegistry.class)
public class StrictSerdeRegistry extends DefaultSerdeRegistry {

    private static final StrictStrings STRINGS = new StrictStrings();

    @Inject
    public StrictSerdeRegistry(BeanContext beanContext, SerdeIntrospections introspections, ConversionService conversionService,
                               SerdeConfiguration serdeConfiguration, SerializationConfiguration serializationConfiguration,
                               DeserializationConfiguration deserializationConfiguration) {
        super(beanContext, introspections, conversionService, serdeConfiguration, serializationConfiguration,
                deserializationConfiguration);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Deserializer<? extends T> findDeserializer(Argument<? extends T> type) throws SerdeException {
        if (type.getType() == String.class) {
            return (Deserializer<? extends T>) (Deserializer<?>) STRINGS;
        }
        return super.findDeserializer(type);
    }
}
