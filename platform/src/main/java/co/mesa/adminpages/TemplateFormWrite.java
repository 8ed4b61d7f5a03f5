package co.mesa.adminpages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes a checked {@link TemplateForm} back into the template's node of the catalog document. */
final class TemplateFormWrite {

    private TemplateFormWrite() {
    }

    /** Writes the (checked) form into the template node. */
    static void applyTo(TemplateForm f, ObjectNode tpl) {
        ObjectNode name = tpl.putObject("name");
        name.put("es-CO", f.nameEs);
        if (!f.nameEn.isEmpty()) {
            name.put("en", f.nameEn);
        }
        if (f.descEs.isEmpty() && f.descEn.isEmpty()) {
            tpl.remove("description");
        } else {
            ObjectNode d = tpl.putObject("description");
            d.put("es-CO", f.descEs.isEmpty() ? f.descEn : f.descEs);
            if (!f.descEn.isEmpty()) {
                d.put("en", f.descEn);
            }
        }
        List<TemplateForm.FieldRow> kept = new ArrayList<>(f.fields.stream().filter(r -> !r.remove).toList());
        kept.sort(Comparator.comparingInt((TemplateForm.FieldRow r) -> Integer.parseInt(r.position)).thenComparingInt(r -> r.index));
        ArrayNode out = tpl.putArray("fields");
        for (TemplateForm.FieldRow r : kept) {
            if (r.untouched) {
                out.add(r.original.deepCopy());
                continue;
            }
            ObjectNode node = ((ObjectNode) r.original).deepCopy();
            ObjectNode label = node.putObject("label");
            label.put("es-CO", r.labelEs);
            if (!r.labelEn.isEmpty()) {
                label.put("en", r.labelEn);
            }
            node.put("type", r.type);
            node.put("required", r.required);
            putHelp(node, r.helpEs, r.helpEn);
            putOptions(node, r.parsedOptions);
            out.add(node);
        }
        if (!f.added.key.isEmpty()) {
            ObjectNode node = out.addObject();
            node.put("key", f.added.key);
            ObjectNode label = node.putObject("label");
            label.put("es-CO", f.added.labelEs);
            if (!f.added.labelEn.isEmpty()) {
                label.put("en", f.added.labelEn);
            }
            node.put("type", f.added.type);
            node.put("required", f.added.required);
            putHelp(node, f.added.helpEs, f.added.helpEn);
            putOptions(node, f.added.parsedOptions);
        }
        ArrayNode atts = tpl.putArray("attachments");
        for (TemplateForm.AttachmentRow r : f.attachments) {
            if (r.untouched) {
                atts.add(r.original.deepCopy());
            } else if (!r.remove) {
                atts.add(attachment(((ObjectNode) r.original).deepCopy(), r));
            }
        }
        if (!f.addedAttachment.key.isEmpty()) {
            atts.add(attachment(atts.objectNode().put("key", f.addedAttachment.key), f.addedAttachment));
        }
        if (atts.isEmpty()) {
            tpl.remove("attachments");
        }
        if (f.audiences.isEmpty()) {
            tpl.remove("audiences");
        } else {
            ArrayNode au = tpl.putArray("audiences");
            f.audiences.forEach(au::add);
        }
    }

    private static ObjectNode attachment(ObjectNode node, TemplateForm.AttachmentRow r) {
        ObjectNode label = node.putObject("label");
        label.put("es-CO", r.labelEs);
        if (!r.labelEn.isEmpty()) {
            label.put("en", r.labelEn);
        }
        putHelp(node, r.helpEs, r.helpEn);
        node.put("required", r.required);
        List<String> types = TemplateFormChecks.mediaTypes(r.accept);
        if (types.isEmpty()) {
            node.remove("accept");
        } else {
            ArrayNode accept = node.putArray("accept");
            types.forEach(accept::add);
        }
        return node;
    }

    private static void putHelp(ObjectNode node, String es, String en) {
        if (es.isEmpty() && en.isEmpty()) {
            node.remove("help");
            return;
        }
        ObjectNode help = node.putObject("help");
        help.put("es-CO", es.isEmpty() ? en : es);
        if (!en.isEmpty()) {
            help.put("en", en);
        }
    }

    private static void putOptions(ObjectNode node, List<String[]> options) {
        if (options.isEmpty()) {
            node.remove("options");
            return;
        }
        ArrayNode out = node.putArray("options");
        for (String[] o : options) {
            ObjectNode opt = out.addObject();
            opt.put("key", o[0]);
            ObjectNode label = opt.putObject("label");
            label.put("es-CO", o[1]);
            if (!o[2].isEmpty()) {
                label.put("en", o[2]);
            }
        }
    }

}
