package io.ecugateway.s3;

import io.ecugateway.server.VirtualWorkers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload and ListParts.
 * Parts are durable on disk before their 200; the completed object goes through the same path as a
 * PutObject (a CANedge log is handed to the pipeline).
 */
final class MultipartRequests {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartRequests.class);

  /** The CompleteMultipartUpload document is small: 10 000 parts at ~100 bytes each. */
  private static final long MAX_COMPLETE_BYTES = 2L << 20;

  private final S3Config config;
  private final VirtualWorkers blocking;
  private final S3Objects objects;
  private final ObjectRequests requests;

  MultipartRequests(
      S3Config config, VirtualWorkers blocking, S3Objects objects, ObjectRequests requests) {
    this.config = config;
    this.blocking = blocking;
    this.objects = objects;
    this.requests = requests;
  }

  private Multipart store() {
    return objects.multipart();
  }

  void create(S3Exchange x) {
    Multipart.Upload upload =
        new Multipart.Upload(
            x.address.bucket(),
            x.address.key(),
            ObjectRequests.contentType(x),
            ObjectRequests.metadata(x),
            System.currentTimeMillis(),
            x.credential.accessKey());
    blocking
        .submit(() -> store().create(upload))
        .onSuccess(
            id -> {
              LOG.info(
                  "[device: {}, key: {}, multipart: {}] started", x.device(), upload.key(), id);
              x.xml(
                  200,
                  S3Xml.document("InitiateMultipartUploadResult")
                      .element("Bucket", upload.bucket())
                      .element("Key", upload.key())
                      .element("UploadId", id)
                      .end("InitiateMultipartUploadResult"));
            })
        .onFailure(x::fail);
  }

  void uploadPart(S3Exchange x) {
    String id = x.param("uploadId");
    int number = partNumber(x.param("partNumber"));
    x.req.pause();
    blocking
        .submit(() -> store().get(id, x.address.bucket(), x.address.key()))
        .compose(upload -> requests.receive(x))
        .compose(
            body ->
                blocking.submit(
                    () -> {
                      try {
                        return store()
                            .putPart(
                                id,
                                number,
                                body.file(),
                                body.received().size(),
                                body.received().md5());
                      } finally {
                        Files.deleteIfExists(body.file());
                      }
                    }))
        .onSuccess(
            part -> {
              x.response().putHeader("ETag", "\"" + part.etag() + "\"");
              x.empty(200);
            })
        .onFailure(x::fail);
  }

  private static int partNumber(String value) {
    try {
      int n = Integer.parseInt(value == null ? "" : value.trim());
      if (n >= 1 && n <= Multipart.MAX_PARTS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000");
  }

  void complete(S3Exchange x) {
    String id = x.param("uploadId");
    String bucket = x.address.bucket();
    String key = x.address.key();
    x.req.pause();
    blocking
        .submit(() -> store().get(id, bucket, key))
        .compose(upload -> requests.receive(x, false).map(body -> new Object[] {upload, body}))
        .compose(
            pair ->
                blocking.submit(
                    () -> {
                      Multipart.Upload upload = (Multipart.Upload) pair[0];
                      ObjectRequests.Body body = (ObjectRequests.Body) pair[1];
                      List<Multipart.Part> parts;
                      try {
                        parts = parseParts(body);
                      } finally {
                        Files.deleteIfExists(body.file());
                      }
                      Path joined = objects.store().newTempFile(".multipart");
                      try {
                        String etag = store().assemble(id, parts, joined, config.maxObjectBytes());
                        ObjectMeta meta =
                            objects.put(
                                bucket,
                                key,
                                joined,
                                Files.size(joined),
                                etag,
                                upload.contentType(),
                                upload.metadata());
                        store().remove(id);
                        return meta;
                      } finally {
                        Files.deleteIfExists(joined);
                      }
                    }))
        .onSuccess(
            meta ->
                x.xml(
                    200,
                    S3Xml.document("CompleteMultipartUploadResult")
                        .element("Location", "/" + bucket + "/" + key)
                        .element("Bucket", bucket)
                        .element("Key", key)
                        .element("ETag", meta.quotedEtag())
                        .end("CompleteMultipartUploadResult")))
        .onFailure(x::fail);
  }

  /** The parts of a CompleteMultipartUpload document (DTDs refused: no external entities). */
  private static List<Multipart.Part> parseParts(ObjectRequests.Body body) throws IOException {
    if (body.received().size() > MAX_COMPLETE_BYTES) {
      throw new S3Exception(400, "MalformedXML", "CompleteMultipartUpload document too large");
    }
    Document doc;
    try (InputStream in = Files.newInputStream(body.file())) {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      doc = f.newDocumentBuilder().parse(in);
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      throw new S3Exception(400, "MalformedXML", "The XML you provided was not well-formed");
    }
    List<Multipart.Part> parts = new ArrayList<>();
    NodeList list = doc.getElementsByTagNameNS("*", "Part");
    for (int i = 0; i < list.getLength(); i++) {
      Element p = (Element) list.item(i);
      String number = text(p, "PartNumber");
      String etag = text(p, "ETag");
      if (number == null || etag == null) {
        throw new S3Exception(400, "MalformedXML", "a Part needs PartNumber and ETag");
      }
      parts.add(new Multipart.Part(partNumber(number), 0, etag, 0));
    }
    return parts;
  }

  private static String text(Element parent, String name) {
    NodeList l = parent.getElementsByTagNameNS("*", name);
    return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
  }

  void abort(S3Exchange x) {
    String id = x.param("uploadId");
    blocking
        .submit(
            () -> {
              store().get(id, x.address.bucket(), x.address.key());
              store().remove(id);
              return id;
            })
        .onSuccess(
            v -> {
              LOG.info(
                  "[device: {}, key: {}, multipart: {}] aborted", x.device(), x.address.key(), id);
              x.empty(204);
            })
        .onFailure(x::fail);
  }

  void listParts(S3Exchange x) {
    String id = x.param("uploadId");
    blocking
        .submit(
            () -> {
              store().get(id, x.address.bucket(), x.address.key());
              return store().parts(id);
            })
        .onSuccess(
            parts -> {
              S3Xml doc = S3Xml.document("ListPartsResult");
              doc.element("Bucket", x.address.bucket())
                  .element("Key", x.address.key())
                  .element("UploadId", id)
                  .element("MaxParts", Multipart.MAX_PARTS)
                  .element("IsTruncated", false);
              for (Multipart.Part p : parts) {
                doc.open("Part")
                    .element("PartNumber", p.number())
                    .time("LastModified", p.lastModified())
                    .element("ETag", "\"" + p.etag() + "\"")
                    .element("Size", p.size())
                    .close("Part");
              }
              x.xml(200, doc.end("ListPartsResult"));
            })
        .onFailure(x::fail);
  }
}
