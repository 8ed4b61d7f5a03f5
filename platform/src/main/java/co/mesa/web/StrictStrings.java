package co.mesa.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;

import java.io.IOException;

/**
 * JSON text fields take JSON strings only: {@code "title": 123}, {@code true} or an object is refused
 * (400 naming the field) instead of being turned into the text "123". Null stays null.
 */
public class StrictStrings implements Deserializer<String> {

    @Override
    public @Nullable String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type)
            throws IOException {
        return read(decoder);
    }

    @Override
    public @Nullable String deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super String> type)
            throws IOException {
        return read(decoder);
    }

    private static @Nullable String read(Decoder decoder) throws IOException {
        if (decoder.decodeNull()) {
            return null;
        }
        JsonNode node = decoder.decodeNode();
        if (!node.isString()) {
            throw decoder.createDeserializationException("Expected a JSON string (text in quotes), not "
                    + (node.isNumber() ? "a number" : node.isBoolean() ? "true/false" : node.isArray() ? "a list" : "an object"), node);
        }
        return node.getStringValue();
    }
}
