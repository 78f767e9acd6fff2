package dev.parley.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import dev.parley.common.text.Unicode;
import java.io.IOException;

/**
 * Jackson's string handling with one rule added: a string that is not well-formed Unicode is
 * refused, on the way in (the document is invalid) and on the way out (the value cannot be
 * written). Without it an unpaired surrogate decodes silently and is later mangled into {@code ?}
 * by a UTF-8 encoder or refused by the CQL driver, far from where it came in.
 */
final class WellFormedStrings {
    private WellFormedStrings() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("parley-well-formed-strings");
        module.addDeserializer(String.class, new Reader());
        module.addKeyDeserializer(String.class, new KeyReader());
        module.addSerializer(String.class, new Writer());
        return module;
    }

    private static final class Reader extends StdScalarDeserializer<String> {
        Reader() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            if (!Unicode.isWellFormed(s)) {
                throw InvalidFormatException.from(p, "a string is not well-formed Unicode", null, String.class);
            }
            return s;
        }
    }

    private static final class KeyReader extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (!Unicode.isWellFormed(key)) {
                throw InvalidFormatException.from(ctxt.getParser(), "a field name is not well-formed Unicode", null,
                        String.class);
            }
            return key;
        }
    }

    private static final class Writer extends StdScalarSerializer<String> {
        Writer() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Unicode.requireWellFormed(value, "a string");
            gen.writeString(value);
        }
    }
}
