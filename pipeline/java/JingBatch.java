import com.thaiopensource.util.PropertyMap;
import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.IncorrectSchemaException;
import com.thaiopensource.validate.ResolverFactory;
import com.thaiopensource.validate.Schema;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.Validator;
import com.thaiopensource.validate.auto.AutoSchemaReader;
import com.thaiopensource.validate.prop.rng.RngProperty;
import com.thaiopensource.xml.sax.ErrorHandlerImpl;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.DTDHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * jing's command line validator for several schemas at once: each schema is compiled once, every file is parsed
 * once (by the parser jing's CLI uses, no XInclude) and its events fed to one validator per schema, in JOBS threads
 * (the schemas are compiled side by side).
 *
 * <p>Usage: {@code java JingBatch JOBS LIST RULE=SCHEMA...} where the file LIST names the files, NUL-separated.
 * Output: jing's {@code file:line:col: error: message} lines, each prefixed with {@code RULE} and a tab; files in
 * the order given, schemas in the order given. A parse error is reported under every rule, as separate jing runs
 * would. Exit status as jing's: 0 all valid, 1 something reported (an incorrect schema stops the run); 2 and a
 * message on stderr when the run itself fails. {@code java JingBatch --check} prints "ok" when jing loads.
 */
public final class JingBatch {
  private JingBatch() {
  }

  public static void main(String[] args) {
    try {
      System.exit(run(args));
    } catch (Throwable e) {
      System.err.println("JingBatch: " + e);
      System.exit(2);
    }
  }

  static int run(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--check")) {
      new AutoSchemaReader();
      System.out.println("ok");
      return 0;
    }
    if (args.length < 3)
      throw new IllegalArgumentException("usage: JingBatch JOBS LIST RULE=SCHEMA...");
    int jobs = Math.max(1, Integer.parseInt(args[0]));
    String[] files = readFileList(Paths.get(args[1]));
    String[] rules = new String[args.length - 2];
    String[] schemaFiles = new String[args.length - 2];
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1)
        throw new IllegalArgumentException("not RULE=SCHEMA: " + args[i]);
      rules[i - 2] = args[i].substring(0, eq);
      schemaFiles[i - 2] = args[i].substring(eq + 1);
    }
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(jobs, rules.length));
    try {
      Schema[] schemas = loadSchemas(pool, rules, schemaFiles, out);
      ((ThreadPoolExecutor) pool).setCorePoolSize(jobs);
      ((ThreadPoolExecutor) pool).setMaximumPoolSize(jobs);
      if (schemas == null) {
        out.flush();
        return 1;
      }
      ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(rules, schemas));
      List<Future<String>> reports = new ArrayList<>();
      for (String file : files)
        reports.add(pool.submit(() -> workers.get().validate(file)));
      boolean reported = false;
      for (Future<String> report : reports) {
        String text = report.get();
        reported |= !text.isEmpty();
        out.print(text);
      }
      out.flush();
      return reported ? 1 : 0;
    } finally {
      pool.shutdownNow();
    }
  }

  static String[] readFileList(Path list) throws Exception {
    List<String> files = new ArrayList<>();
    for (String name : new String(Files.readAllBytes(list), StandardCharsets.UTF_8).split("\0"))
      if (!name.isEmpty())
        files.add(name);
    return files.toArray(new String[0]);
  }

  /** The properties jing's CLI uses: ID/IDREF checking on, errors to {@code report}. */
  static PropertyMap properties(Writer report) {
    PropertyMapBuilder builder = new PropertyMapBuilder();
    builder.put(ValidateProperty.ERROR_HANDLER, new ErrorHandlerImpl(report));
    RngProperty.CHECK_ID_IDREF.add(builder);
    return builder.toPropertyMap();
  }

  /** All schemas compiled at once; null (and their errors written) when one is incorrect. */
  static Schema[] loadSchemas(ExecutorService pool, String[] rules, String[] files, PrintWriter out)
      throws Exception {
    List<Future<Schema>> loading = new ArrayList<>();
    StringWriter[] reports = new StringWriter[files.length];
    for (int i = 0; i < files.length; i++) {
      StringWriter report = reports[i] = new StringWriter();
      String file = files[i];
      Callable<Schema> load = () -> {
        try {
          return new AutoSchemaReader().createSchema(ValidationDriver.uriOrFileInputSource(file),
                                                     properties(report));
        } catch (IncorrectSchemaException e) {
          return null;
        }
      };
      loading.add(pool.submit(load));
    }
    Schema[] schemas = new Schema[files.length];
    boolean complete = true;
    for (int i = 0; i < files.length; i++) {
      schemas[i] = loading.get(i).get();
      complete &= schemas[i] != null;
      out.print(tagged(rules[i], reports[i].toString()));
    }
    return complete ? schemas : null;
  }

  static String tagged(String rule, String lines) {
    if (lines.isEmpty())
      return "";
    StringBuilder text = new StringBuilder();
    for (String line : lines.split("\n"))
      text.append(rule).append('\t').append(line).append('\n');
    return text.toString();
  }

  /** One thread's parser and validators (a Validator serves one document at a time). */
  static final class Worker {
    private final String[] rules;
    private final Validator[] validators;
    private final StringWriter[] reports;
    private final StringWriter parseReport = new StringWriter();
    private final XMLReader reader;

    Worker(String[] rules, Schema[] schemas) {
      this.rules = rules;
      validators = new Validator[schemas.length];
      reports = new StringWriter[schemas.length];
      for (int i = 0; i < schemas.length; i++) {
        reports[i] = new StringWriter();
        validators[i] = schemas[i].createValidator(properties(reports[i]));
      }
      PropertyMap parsing = properties(parseReport);
      try {
        reader = ResolverFactory.createResolver(parsing).createXMLReader();
      } catch (SAXException e) {
        throw new IllegalStateException(e);
      }
      reader.setErrorHandler(parsing.get(ValidateProperty.ERROR_HANDLER));
      harden(reader);
    }

    /**
     * The documents are copies without a DOCTYPE (pipeline/xmlsafe.py, tool_bytes); should one have one all the same,
     * the parser refuses it, loads no DTD and resolves no entity: nothing is read but the file itself.
     */
    static void harden(XMLReader reader) {
      feature(reader, "http://apache.org/xml/features/disallow-doctype-decl", true);
      feature(reader, "http://xml.org/sax/features/external-general-entities", false);
      feature(reader, "http://xml.org/sax/features/external-parameter-entities", false);
      feature(reader, "http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      feature(reader, "http://apache.org/xml/features/xinclude", false);
      reader.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("refused to read " + systemId + ": documents may not name other files or URLs");
      });
    }

    static void feature(XMLReader reader, String name, boolean value) {
      try {
        reader.setFeature(name, value);
      } catch (SAXException e) {
        // a parser without this feature: the other guards stand
      }
    }

    String validate(String file) throws Exception {
      parseReport.getBuffer().setLength(0);
      List<ContentHandler> contents = new ArrayList<>();
      List<DTDHandler> dtds = new ArrayList<>();
      for (int i = 0; i < validators.length; i++) {
        reports[i].getBuffer().setLength(0);
        contents.add(validators[i].getContentHandler());
        DTDHandler dtd = validators[i].getDTDHandler();
        if (dtd != null)
          dtds.add(dtd);
      }
      Tee tee = new Tee(contents.toArray(new ContentHandler[0]), dtds.toArray(new DTDHandler[0]));
      reader.setContentHandler(tee);
      reader.setDTDHandler(tee);
      try {
        reader.parse(ValidationDriver.uriOrFileInputSource(file));
      } catch (SAXParseException e) {
        // a fatal parse error: the error handler has written it
      } finally {
        for (Validator validator : validators)
          validator.reset();
      }
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < validators.length; i++)
        text.append(tagged(rules[i], parseReport.toString())).append(tagged(rules[i], reports[i].toString()));
      return text.toString();
    }
  }

  /** SAX events handed on to several validators, in order. */
  static final class Tee implements ContentHandler, DTDHandler {
    private final ContentHandler[] contents;
    private final DTDHandler[] dtds;

    Tee(ContentHandler[] contents, DTDHandler[] dtds) {
      this.contents = contents;
      this.dtds = dtds;
    }

    public void setDocumentLocator(Locator locator) {
      for (ContentHandler c : contents) c.setDocumentLocator(locator);
    }

    public void startDocument() throws SAXException {
      for (ContentHandler c : contents) c.startDocument();
    }

    public void endDocument() throws SAXException {
      for (ContentHandler c : contents) c.endDocument();
    }

    public void startPrefixMapping(String prefix, String uri) throws SAXException {
      for (ContentHandler c : contents) c.startPrefixMapping(prefix, uri);
    }

    public void endPrefixMapping(String prefix) throws SAXException {
      for (ContentHandler c : contents) c.endPrefixMapping(prefix);
    }

    public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
      for (ContentHandler c : contents) c.startElement(uri, local, qName, atts);
    }

    public void endElement(String uri, String local, String qName) throws SAXException {
      for (ContentHandler c : contents) c.endElement(uri, local, qName);
    }

    public void characters(char[] ch, int start, int length) throws SAXException {
      for (ContentHandler c : contents) c.characters(ch, start, length);
    }

    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
      for (ContentHandler c : contents) c.ignorableWhitespace(ch, start, length);
    }

    public void processingInstruction(String target, String data) throws SAXException {
      for (ContentHandler c : contents) c.processingInstruction(target, data);
    }

    public void skippedEntity(String name) throws SAXException {
      for (ContentHandler c : contents) c.skippedEntity(name);
    }

    public void notationDecl(String name, String publicId, String systemId) throws SAXException {
      for (DTDHandler d : dtds) d.notationDecl(name, publicId, systemId);
    }

    public void unparsedEntityDecl(String name, String publicId, String systemId, String notation)
        throws SAXException {
      for (DTDHandler d : dtds) d.unparsedEntityDecl(name, publicId, systemId, notation);
    }
  }
}
